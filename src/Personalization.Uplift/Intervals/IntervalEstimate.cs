namespace Personalization.Uplift;

/// <summary>A point estimate with its standard error and a two-sided confidence interval.</summary>
/// <param name="Estimate">The point estimate.</param>
/// <param name="StandardError">The standard error of <paramref name="Estimate"/> (for an influence-function interval the standard deviation of the per-row scores over √n; for a bootstrap interval the standard deviation of the resampled estimates).</param>
/// <param name="Lower">The lower end of the interval.</param>
/// <param name="Upper">The upper end of the interval.</param>
/// <param name="ConfidenceLevel">The nominal coverage of the interval.</param>
/// <remarks>Immutable and thread-safe. The method that returns it says how the interval is formed (normal with z·SE, or bootstrap percentiles).</remarks>
public sealed record IntervalEstimate(double Estimate, double StandardError, double Lower, double Upper, double ConfidenceLevel)
{
    /// <summary>Returns a value indicating whether the closed interval [Lower, Upper] contains a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when Lower ≤ value ≤ Upper.</returns>
    public bool Contains(double value) => Lower <= value && value <= Upper;
}
