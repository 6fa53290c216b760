using Personalization.Experiments.Internal;

namespace Personalization.Experiments;

/// <summary>
/// Sufficient statistics of a metric Y and a pre-period covariate X in one arm: n, means and centred second moments.
/// Build it from raw samples or from the six running sums (n, sum Y, sum X, sum Y^2, sum X^2, sum XY).
/// </summary>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct CovariateSummary
{
    private CovariateSummary(PairedMoments m)
    {
        Count = m.Count;
        MetricMean = m.MeanY;
        CovariateMean = m.MeanX;
        MetricSumOfSquares = m.Syy;
        CovariateSumOfSquares = m.Sxx;
        CrossProducts = m.Sxy;
    }

    /// <summary>Gets the number of units.</summary>
    public long Count { get; }

    /// <summary>Gets the metric mean.</summary>
    public double MetricMean { get; }

    /// <summary>Gets the covariate mean.</summary>
    public double CovariateMean { get; }

    /// <summary>Gets sum (y - mean y)^2.</summary>
    public double MetricSumOfSquares { get; }

    /// <summary>Gets sum (x - mean x)^2.</summary>
    public double CovariateSumOfSquares { get; }

    /// <summary>Gets sum (x - mean x)(y - mean y).</summary>
    public double CrossProducts { get; }

    /// <summary>Summarises raw per-unit values.</summary>
    /// <param name="metric">The metric Y per unit.</param>
    /// <param name="covariate">The pre-period covariate X per unit.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, or hold NaN or infinity.</exception>
    /// <remarks>Two passes: means, then centred sums.</remarks>
    public static CovariateSummary FromSamples(ReadOnlySpan<double> metric, ReadOnlySpan<double> covariate)
        => new(PairedMoments.FromSamples(metric, covariate, nameof(metric), nameof(covariate)));

    /// <summary>Builds the summary from running sums (for example a SQL aggregate).</summary>
    /// <param name="count">Number of units, at least 1.</param>
    /// <param name="metricSum">sum Y.</param>
    /// <param name="covariateSum">sum X.</param>
    /// <param name="metricSumOfSquares">sum Y^2.</param>
    /// <param name="covariateSumOfSquares">sum X^2.</param>
    /// <param name="crossProductSum">sum XY.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 or a sum is not finite.</exception>
    /// <remarks>Syy = sum Y^2 - (sum Y)^2 / n (clamped at 0), and likewise; loses digits when means dwarf spreads.</remarks>
    public static CovariateSummary FromSums(long count, double metricSum, double covariateSum, double metricSumOfSquares, double covariateSumOfSquares, double crossProductSum)
        => new(PairedMoments.FromSums(
            count,
            metricSum,
            covariateSum,
            metricSumOfSquares,
            covariateSumOfSquares,
            crossProductSum,
            (nameof(metricSum), nameof(covariateSum), nameof(metricSumOfSquares), nameof(covariateSumOfSquares), nameof(crossProductSum))));
}
