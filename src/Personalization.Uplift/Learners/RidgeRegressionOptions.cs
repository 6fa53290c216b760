namespace Personalization.Uplift.Learners;

/// <summary>Hyperparameters of <see cref="RidgeRegression"/>.</summary>
public sealed record RidgeRegressionOptions
{
    /// <summary>Gets the L2 penalty on the coefficients of the standardized features (the intercept is not penalized); 0 gives ordinary least squares.</summary>
    /// <value>Default 1.0. Must be finite and at least 0.</value>
    public double Alpha { get; init; } = 1.0;
}
