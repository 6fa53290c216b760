namespace Personalization.Experiments;

/// <summary>Options of the percentile bootstrap.</summary>
/// <remarks>Options hold settings only; <see cref="Bootstrap"/> validates them. Immutable and thread-safe.</remarks>
public sealed record BootstrapOptions
{
    /// <summary>Gets the number of bootstrap resamples, at least 100.</summary>
    /// <value>The default is 2000.</value>
    public int Resamples { get; init; } = 2000;

    /// <summary>Gets the two-sided confidence level in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Gets the random seed; the same seed gives the same interval.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; init; }
}
