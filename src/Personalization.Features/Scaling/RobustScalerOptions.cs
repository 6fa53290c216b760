namespace Personalization.Features;

/// <summary>Options of <see cref="RobustScaler"/>.</summary>
public sealed record RobustScalerOptions : ScalerOptions, IValidatableOptions
{
    /// <summary>Gets the lower percentile of the range (0 to 100).</summary>
    /// <value>Default 25.</value>
    public double LowerPercentile { get; init; } = 25;

    /// <summary>Gets the upper percentile of the range (0 to 100), above <see cref="LowerPercentile"/>.</summary>
    /// <value>Default 75.</value>
    public double UpperPercentile { get; init; } = 75;

    /// <summary>Gets a value indicating whether the median is subtracted.</summary>
    /// <value>Default <see langword="true"/>; when false the offset is 0.</value>
    public bool WithCentering { get; init; } = true;

    /// <summary>Gets a value indicating whether values are divided by the percentile range.</summary>
    /// <value>Default <see langword="true"/>; when false the scale is 1.</value>
    public bool WithScaling { get; init; } = true;

    /// <summary>Checks every option; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A percentile is outside [0, 100] or NaN, or <see cref="UpperPercentile"/> does not exceed <see cref="LowerPercentile"/>.</exception>
    public void Validate()
    {
        Validation.Guard.InRange(LowerPercentile, 0, 100);
        Validation.Guard.InRange(UpperPercentile, 0, 100);
        if (!(UpperPercentile > LowerPercentile))
        {
            throw new ArgumentOutOfRangeException(nameof(UpperPercentile), UpperPercentile, $"UpperPercentile must be greater than LowerPercentile ({LowerPercentile}), but was {UpperPercentile}.");
        }
    }
}
