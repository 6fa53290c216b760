namespace Personalization.Features;

/// <summary>Options of <see cref="Winsorizer"/>.</summary>
public sealed record WinsorizerOptions : IValidatableOptions
{
    /// <summary>Gets the quantile (0 to 1) of the training data below which values are raised to it.</summary>
    /// <value>Default 0.01.</value>
    public double LowerQuantile { get; init; } = 0.01;

    /// <summary>Gets the quantile (0 to 1) of the training data above which values are lowered to it.</summary>
    /// <value>Default 0.99.</value>
    public double UpperQuantile { get; init; } = 0.99;

    /// <summary>Checks every option; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A quantile is outside [0, 1] or NaN, or <see cref="UpperQuantile"/> does not exceed <see cref="LowerQuantile"/>.</exception>
    public void Validate()
    {
        Validation.Guard.InRange(LowerQuantile, 0, 1);
        Validation.Guard.InRange(UpperQuantile, 0, 1);
        if (!(UpperQuantile > LowerQuantile))
        {
            throw new ArgumentOutOfRangeException(nameof(UpperQuantile), UpperQuantile, $"UpperQuantile must be greater than LowerQuantile ({LowerQuantile}), but was {UpperQuantile}.");
        }
    }
}
