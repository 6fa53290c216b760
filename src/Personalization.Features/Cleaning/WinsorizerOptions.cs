namespace Personalization.Features;

/// <summary>Options of <see cref="Winsorizer"/>.</summary>
public sealed record WinsorizerOptions
{
    /// <summary>Gets the quantile (0 to 1) of the training data below which values are raised to it.</summary>
    /// <value>Default 0.01.</value>
    public double LowerQuantile { get; init; } = 0.01;

    /// <summary>Gets the quantile (0 to 1) of the training data above which values are lowered to it.</summary>
    /// <value>Default 0.99.</value>
    public double UpperQuantile { get; init; } = 0.99;

    internal void Validate()
    {
        Validation.Guard.InRange(LowerQuantile, 0, 1);
        Validation.Guard.InRange(UpperQuantile, 0, 1);
        if (!(UpperQuantile > LowerQuantile))
        {
            throw new ArgumentOutOfRangeException(nameof(UpperQuantile), UpperQuantile, $"UpperQuantile must be greater than LowerQuantile ({LowerQuantile}), but was {UpperQuantile}.");
        }
    }
}
