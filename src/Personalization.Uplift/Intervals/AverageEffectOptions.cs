using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="AverageEffect.DoublyRobust"/>.</summary>
public sealed record AverageEffectOptions : IValidatableOptions
{
    /// <summary>Gets the learner of the outcome models μ<sub>0</sub> and μ<sub>a</sub>.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? OutcomeLearner { get; init; }

    /// <summary>Gets how the propensity is obtained.</summary>
    /// <value>Default <see cref="PropensityMode.Constant"/> (a randomized test); use <see cref="PropensityMode.Estimated"/> for observational data.</value>
    public PropensityMode Propensity { get; init; } = PropensityMode.Constant;

    /// <summary>Gets the known propensity P(T = a | T ∈ {0, a}) for every arm in <see cref="PropensityMode.Constant"/> mode; <see langword="null"/> uses the training share.</summary>
    /// <value>Default <see langword="null"/>. Must be strictly between 0 and 1.</value>
    public double? KnownPropensity { get; init; }

    /// <summary>Gets the classifier that estimates the propensity in <see cref="PropensityMode.Estimated"/> mode.</summary>
    /// <value>Default <see langword="null"/>: <see cref="LogisticRegression"/> with its defaults.</value>
    public IBaseLearner? PropensityLearner { get; init; }

    /// <summary>Gets the clipping of estimated propensities to [clip, 1 − clip].</summary>
    /// <value>Default 0.01. Must be in (0, 0.5).</value>
    public double PropensityClip { get; init; } = 0.01;

    /// <summary>Gets a value indicating whether the nuisance models are cross-fitted (needed for the standard error to be valid with flexible learners).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CrossFitting { get; init; } = true;

    /// <summary>Gets the number of cross-fitting folds (seeded, stratified by arm).</summary>
    /// <value>Default 5. Must be between 2 and 20; every arm needs at least this many rows.</value>
    public int FoldCount { get; init; } = 5;

    /// <summary>Gets the seed of the fold assignment.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Gets the two-sided confidence level of the interval.</summary>
    /// <value>Default 0.95. Must be strictly between 0 and 1.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A propensity option, <see cref="FoldCount"/> or <see cref="ConfidenceLevel"/> is out of range.</exception>
    public void Validate()
    {
        Internal.MetaLearnerSupport.CheckPropensity(Propensity, KnownPropensity, PropensityClip);
        Internal.CrossFitting.CheckFoldCount(FoldCount);
        Validation.Guard.OpenUnitInterval(ConfidenceLevel, "ConfidenceLevel");
    }
}
