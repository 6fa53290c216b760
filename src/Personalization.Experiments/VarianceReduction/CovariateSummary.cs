using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// Sufficient statistics of a metric Y and a pre-period covariate X in one arm: n, means and centred second moments.
/// Build it from raw samples or from the six running sums (n, sum Y, sum X, sum Y^2, sum X^2, sum XY).
/// </summary>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct CovariateSummary
{
    private CovariateSummary(long count, double meanY, double meanX, double syy, double sxx, double sxy)
    {
        Count = count;
        MetricMean = meanY;
        CovariateMean = meanX;
        MetricSumOfSquares = syy;
        CovariateSumOfSquares = sxx;
        CrossProducts = sxy;
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
    {
        Guard.NotEmpty(metric);
        Guard.SameLength(metric.Length, covariate.Length, nameof(metric), nameof(covariate));
        Guard.AllFinite(metric);
        Guard.AllFinite(covariate);
        int n = metric.Length;
        double my = System.Numerics.Tensors.TensorPrimitives.Sum(metric) / n;
        double mx = System.Numerics.Tensors.TensorPrimitives.Sum(covariate) / n;
        double syy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double dy = metric[i] - my;
            double dx = covariate[i] - mx;
            syy += dy * dy;
            sxx += dx * dx;
            sxy += dx * dy;
        }

        return new CovariateSummary(n, my, mx, syy, sxx, sxy);
    }

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
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at least 1, but was {count}.");
        }

        Guard.Finite(metricSum);
        Guard.Finite(covariateSum);
        Guard.Finite(metricSumOfSquares);
        Guard.Finite(covariateSumOfSquares);
        Guard.Finite(crossProductSum);
        double my = metricSum / count;
        double mx = covariateSum / count;
        return new CovariateSummary(
            count,
            my,
            mx,
            Math.Max(0, metricSumOfSquares - (metricSum * my)),
            Math.Max(0, covariateSumOfSquares - (covariateSum * mx)),
            crossProductSum - (metricSum * mx));
    }
}
