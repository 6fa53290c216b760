using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="RLearner"/>.</summary>
public sealed record RLearnerOptions : CrossFittedLearnerOptions
{
    /// <summary>Initializes the options with the defaults of the R-learner.</summary>
    public RLearnerOptions()
        : base(PropensityMode.Estimated, crossFitting: true)
    {
    }

    /// <summary>Gets the final regressor fitted to the residual ratios (y − m)/(t − e) with weights (t − e)²; it must accept sample weights.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting with squared error (with the defaults of GradientBoostingOptions).</value>
    public IWeightedBaseLearner? EffectLearner { get; init; }
}
