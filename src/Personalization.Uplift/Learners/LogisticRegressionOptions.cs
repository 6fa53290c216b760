namespace Personalization.Uplift.Learners;

/// <summary>Hyperparameters of <see cref="LogisticRegression"/>.</summary>
public sealed record LogisticRegressionOptions : IValidatableOptions
{
    /// <summary>Gets the L2 penalty on the coefficients of the standardized features (the intercept is not penalized).</summary>
    /// <value>Default 1.0 (scikit-learn's <c>C = 1</c>). Must be finite and at least 0.</value>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Gets the most Newton (IRLS) iterations.</summary>
    /// <value>Default 50. Must be at least 1.</value>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Gets the convergence tolerance on the largest change of a standardized coefficient.</summary>
    /// <value>Default 1e-8. Must be finite and greater than 0.</value>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Alpha"/> is negative or not finite, <see cref="MaxIterations"/> is below 1, or <see cref="Tolerance"/> is not finite and positive.</exception>
    public void Validate()
    {
        Validation.Guard.NonNegative(Alpha);
        Validation.Guard.Positive(MaxIterations);
        Validation.Guard.Positive(Tolerance);
    }
}
