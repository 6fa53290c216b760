using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="PolicyValue.Evaluate"/>.</summary>
public sealed record PolicyValueOptions
{
    /// <summary>Gets the learner of the outcome model μ<sub>a</sub> of every arm (control included).</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? OutcomeLearner { get; init; }

    /// <summary>Gets how the propensities e<sub>a</sub>(x) = P(T = a | x) are obtained.</summary>
    /// <value>Default <see cref="PropensityMode.Constant"/> (a randomized test); use <see cref="PropensityMode.Estimated"/> for observational data.</value>
    public PropensityMode Propensity { get; init; } = PropensityMode.Constant;

    /// <summary>Gets the known assignment probability of every arm 0..m in <see cref="PropensityMode.Constant"/> mode; <see langword="null"/> uses the arm shares of the data.</summary>
    /// <value>Default <see langword="null"/>. Otherwise m + 1 values strictly between 0 and 1 that sum to 1.</value>
    public IReadOnlyList<double>? ArmProbabilities { get; init; }

    /// <summary>Gets the classifier that estimates the propensity in <see cref="PropensityMode.Estimated"/> mode (one arm against the rest; with several arms the m + 1 probabilities are normalized to sum to 1).</summary>
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

    /// <summary>Gets the two-sided confidence level of the intervals.</summary>
    /// <value>Default 0.95. Must be strictly between 0 and 1.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Gets the arm that the treat-all comparison policy gives everyone.</summary>
    /// <value>Default 1. Must be between 1 and the number of treatment arms.</value>
    public int TreatAllArm { get; init; } = 1;

    /// <summary>
    /// Gets the economics of each treatment arm (as given to <see cref="OfferPolicy.Assign"/>); <see langword="null"/> values
    /// a policy by its mean outcome.
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: the reward of arm a is the outcome Y(a), so the value is E[Y(π(X))].
    /// Otherwise one entry per treatment arm and the reward is the incremental profit against control,
    /// V<sub>a</sub>·(Y(a) − Y(0)) − C<sub>a</sub> − K<sub>a</sub>·Y(a) (0 for control), the realized counterpart of
    /// <see cref="OfferAssignment.ExpectedValue"/>; treat-none is then worth 0.
    /// </value>
    public IReadOnlyList<ArmEconomics>? Arms { get; init; }
}
