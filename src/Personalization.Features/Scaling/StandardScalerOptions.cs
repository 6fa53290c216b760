namespace Personalization.Features;

/// <summary>Options of <see cref="StandardScaler"/>.</summary>
public sealed record StandardScalerOptions : ScalerOptions
{
    /// <summary>Gets a value indicating whether the mean is subtracted.</summary>
    /// <value>Default <see langword="true"/>; when false the offset is 0.</value>
    public bool WithMean { get; init; } = true;

    /// <summary>Gets a value indicating whether values are divided by the population standard deviation.</summary>
    /// <value>Default <see langword="true"/>; when false the scale is 1.</value>
    public bool WithStd { get; init; } = true;
}
