using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The hyperparameters that the propensity-using meta-learners share (<see cref="XLearnerOptions"/>,
/// <see cref="DRLearnerOptions"/>, <see cref="RLearnerOptions"/>): the outcome learner, the propensity and the
/// cross-fitting of the first-stage models.
/// </summary>
/// <remarks>Only this package derives from it; each derived record adds its effect learner and sets its defaults.</remarks>
public abstract record CrossFittedLearnerOptions : IValidatableOptions
{
    private protected CrossFittedLearnerOptions(PropensityMode propensity, bool crossFitting)
    {
        Propensity = propensity;
        CrossFitting = crossFitting;
    }

    /// <summary>Gets the first-stage outcome learner, fitted per arm (on the other folds when cross-fitted).</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? OutcomeLearner { get; init; }

    /// <summary>Gets how the propensity is obtained.</summary>
    /// <value>Default <see cref="PropensityMode.Constant"/> for the X- and DR-learner; <see cref="PropensityMode.Estimated"/> for the R-learner (meant for observational data; use <see cref="PropensityMode.Constant"/> for a randomized test with a known split).</value>
    public PropensityMode Propensity { get; init; }

    /// <summary>Gets the known propensity P(T = a | T ∈ {0, a}) for every arm in <see cref="PropensityMode.Constant"/> mode; <see langword="null"/> uses the training share.</summary>
    /// <value>Default <see langword="null"/>. Must be strictly between 0 and 1.</value>
    public double? KnownPropensity { get; init; }

    /// <summary>Gets the classifier that estimates the propensity in <see cref="PropensityMode.Estimated"/> mode (cross-fitted like the outcome models in the DR- and R-learner).</summary>
    /// <value>Default <see langword="null"/>: <see cref="LogisticRegression"/> with its defaults.</value>
    public IBaseLearner? PropensityLearner { get; init; }

    /// <summary>Gets the clipping of estimated propensities to [clip, 1 − clip].</summary>
    /// <value>Default 0.01. Must be in (0, 0.5).</value>
    public double PropensityClip { get; init; } = 0.01;

    /// <summary>Gets a value indicating whether the first-stage models are cross-fitted (each row's first-stage predictions come from models fitted on the other folds).</summary>
    /// <value>
    /// Default <see langword="true"/> for the DR- and R-learner. Default <see langword="false"/> for the X-learner: its
    /// imputations never come from a model that saw the row (μ<sub>0</sub> learns from control rows and imputes arm rows),
    /// and on Nie &amp; Wager's setup C cross-fitting measured no gain (docs/uplift.md) at K times the first-stage cost.
    /// </value>
    public bool CrossFitting { get; init; }

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
