using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="ClassTransformation"/>.</summary>
public sealed record ClassTransformationOptions : IValidatableOptions
{
    /// <summary>Gets the transformation.</summary>
    /// <value>Default <see cref="ClassTransformationVariant.Auto"/>.</value>
    public ClassTransformationVariant Variant { get; init; } = ClassTransformationVariant.Auto;

    /// <summary>Gets the learner of the transformed target: a classifier for class transformation, a regressor for the transformed outcome.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for class transformation, squared error for the transformed outcome; with the defaults of GradientBoostingOptions).</value>
    public IBaseLearner? Learner { get; init; }

    /// <summary>Gets how the propensity of the transformed outcome is obtained.</summary>
    /// <value>Default <see cref="PropensityMode.Constant"/>.</value>
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

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Variant"/> or <see cref="Propensity"/> is undefined, <see cref="KnownPropensity"/> is outside (0, 1), or <see cref="PropensityClip"/> is outside (0, 0.5).</exception>
    public void Validate()
    {
        if (Variant is not (ClassTransformationVariant.Auto or ClassTransformationVariant.ClassTransformation or ClassTransformationVariant.TransformedOutcome))
        {
            throw new ArgumentOutOfRangeException(nameof(Variant), Variant, "Variant must be Auto, ClassTransformation or TransformedOutcome.");
        }

        Internal.MetaLearnerSupport.CheckPropensity(Propensity, KnownPropensity, PropensityClip);
    }
}
