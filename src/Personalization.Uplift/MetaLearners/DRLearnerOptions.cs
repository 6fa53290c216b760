using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="DRLearner"/>.</summary>
public sealed record DRLearnerOptions : CrossFittedLearnerOptions
{
    /// <summary>Initializes the options with the defaults of the DR-learner.</summary>
    public DRLearnerOptions()
        : base(PropensityMode.Constant, crossFitting: true)
    {
    }

    /// <summary>Gets the final regressor fitted to the doubly robust pseudo-outcomes.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting with squared error (with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? EffectLearner { get; init; }
}
