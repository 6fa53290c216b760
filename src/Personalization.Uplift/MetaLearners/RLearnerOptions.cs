using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="RLearner"/>.</summary>
public sealed record RLearnerOptions : IValidatableOptions
{
    /// <summary>Gets the learner of the outcome nuisance m(x) = E[Y | x], fitted per arm on the rows of control and that arm.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? OutcomeLearner { get; init; }

    /// <summary>Gets the final regressor fitted to the residual ratios (y − m)/(t − e) with weights (t − e)²; it must accept sample weights.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting with squared error (with the defaults of GradientBoostingOptions).</value>
    public IWeightedBaseLearner? EffectLearner { get; init; }

    /// <summary>Gets how the propensity e(x) is obtained.</summary>
    /// <value>Default <see cref="PropensityMode.Estimated"/> (the R-learner is meant for observational data; use <see cref="PropensityMode.Constant"/> for a randomized test with a known split).</value>
    public PropensityMode Propensity { get; init; } = PropensityMode.Estimated;

    /// <summary>Gets the known propensity P(T = a | T ∈ {0, a}) for every arm in <see cref="PropensityMode.Constant"/> mode; <see langword="null"/> uses the training share.</summary>
    /// <value>Default <see langword="null"/>. Must be strictly between 0 and 1.</value>
    public double? KnownPropensity { get; init; }

    /// <summary>Gets the classifier that estimates the propensity in <see cref="PropensityMode.Estimated"/> mode (cross-fitted like the outcome model).</summary>
    /// <value>Default <see langword="null"/>: <see cref="LogisticRegression"/> with its defaults.</value>
    public IBaseLearner? PropensityLearner { get; init; }

    /// <summary>Gets the clipping of estimated propensities to [clip, 1 − clip].</summary>
    /// <value>Default 0.01. Must be in (0, 0.5).</value>
    public double PropensityClip { get; init; } = 0.01;

    /// <summary>Gets a value indicating whether the nuisance models m and e are cross-fitted (each row's residuals come from models fitted on the other folds).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CrossFitting { get; init; } = true;

    /// <summary>Gets the number of cross-fitting folds (seeded, stratified by arm).</summary>
    /// <value>Default 5. Must be between 2 and 20; every arm needs at least this many rows.</value>
    public int FoldCount { get; init; } = 5;

    /// <summary>Gets the seed of the fold assignment.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Propensity"/> is undefined, <see cref="KnownPropensity"/> is outside (0, 1), <see cref="PropensityClip"/> is outside (0, 0.5), or <see cref="FoldCount"/> is out of range.</exception>
    public void Validate()
    {
        Internal.MetaLearnerSupport.CheckPropensity(Propensity, KnownPropensity, PropensityClip);
        Internal.CrossFitting.CheckFoldCount(FoldCount);
    }
}
