using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="XLearner"/>.</summary>
public sealed record XLearnerOptions : CrossFittedLearnerOptions
{
    /// <summary>Initializes the options with the defaults of the X-learner.</summary>
    public XLearnerOptions()
        : base(PropensityMode.Constant, crossFitting: false)
    {
    }

    /// <summary>Gets the second-stage regressor fitted to the imputed effects.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting with squared error (with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? EffectLearner { get; init; }
}
