using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="DRLearner"/>.</summary>
public sealed record DRLearnerOptions : IValidatableOptions
{
    /// <summary>Gets the outcome learner of the nuisance models, fitted per arm on the other folds.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? OutcomeLearner { get; init; }

    /// <summary>Gets the final regressor fitted to the doubly robust pseudo-outcomes.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting with squared error (with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? EffectLearner { get; init; }

    /// <summary>Gets how the propensity is obtained.</summary>
    /// <value>Default <see cref="PropensityMode.Constant"/>.</value>
    public PropensityMode Propensity { get; init; } = PropensityMode.Constant;

    /// <summary>Gets the known propensity P(T = a | T ∈ {0, a}) for every arm in <see cref="PropensityMode.Constant"/> mode; <see langword="null"/> uses the training share.</summary>
    /// <value>Default <see langword="null"/>. Must be strictly between 0 and 1.</value>
    public double? KnownPropensity { get; init; }

    /// <summary>Gets the classifier that estimates the propensity in <see cref="PropensityMode.Estimated"/> mode (cross-fitted like the outcome models).</summary>
    /// <value>Default <see langword="null"/>: <see cref="LogisticRegression"/> with its defaults.</value>
    public IBaseLearner? PropensityLearner { get; init; }

    /// <summary>Gets the clipping of estimated propensities to [clip, 1 − clip].</summary>
    /// <value>Default 0.01. Must be in (0, 0.5).</value>
    public double PropensityClip { get; init; } = 0.01;

    /// <summary>Gets a value indicating whether the nuisance models are cross-fitted (each row's nuisance predictions come from models fitted on the other folds).</summary>
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
