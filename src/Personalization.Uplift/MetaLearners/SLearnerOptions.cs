using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="SLearner"/>.</summary>
public sealed record SLearnerOptions
{
    /// <summary>Gets the single outcome learner, fitted on the features plus one indicator column per treatment arm.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? Learner { get; init; }
}
