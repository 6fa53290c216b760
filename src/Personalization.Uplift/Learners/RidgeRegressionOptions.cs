namespace Personalization.Uplift.Learners;

/// <summary>Hyperparameters of <see cref="RidgeRegression"/>.</summary>
public sealed record RidgeRegressionOptions : IValidatableOptions
{
    /// <summary>Gets the L2 penalty on the coefficients of the standardized features (the intercept is not penalized); 0 gives ordinary least squares.</summary>
    /// <value>Default 1.0. Must be finite and at least 0.</value>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Alpha"/> is negative, NaN or infinite.</exception>
    public void Validate() => Validation.Guard.NonNegative(Alpha);
}
