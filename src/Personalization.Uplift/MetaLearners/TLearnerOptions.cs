using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="TLearner"/>.</summary>
public sealed record TLearnerOptions
{
    /// <summary>Gets the learner fitted to the outcome of each arm separately.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? Learner { get; init; }
}
