using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// Sufficient statistics of a ratio metric in one arm (for example revenue per order): per randomisation unit a
/// numerator Y and a denominator X; n, means and centred second moments.
/// </summary>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct RatioSummary
{
    private RatioSummary(long count, double meanY, double meanX, double syy, double sxx, double sxy)
    {
        Count = count;
        NumeratorMean = meanY;
        DenominatorMean = meanX;
        NumeratorSumOfSquares = syy;
        DenominatorSumOfSquares = sxx;
        CrossProducts = sxy;
    }

    /// <summary>Gets the number of randomisation units n.</summary>
    public long Count { get; }

    /// <summary>Gets the mean numerator per unit.</summary>
    public double NumeratorMean { get; }

    /// <summary>Gets the mean denominator per unit.</summary>
    public double DenominatorMean { get; }

    /// <summary>Gets sum (y - mean y)^2.</summary>
    public double NumeratorSumOfSquares { get; }

    /// <summary>Gets sum (x - mean x)^2.</summary>
    public double DenominatorSumOfSquares { get; }

    /// <summary>Gets sum (x - mean x)(y - mean y).</summary>
    public double CrossProducts { get; }

    /// <summary>Gets the ratio R = sum Y / sum X.</summary>
    public double Ratio => NumeratorMean / DenominatorMean;

    /// <summary>Gets the delta-method variance of <see cref="Ratio"/>.</summary>
    /// <remarks>Var(R) ~ (s_yy - 2 R s_xy + R^2 s_xx) / (n mean_x^2), with s the unbiased (co)variances.</remarks>
    public double RatioVariance
    {
        get
        {
            double r = Ratio;
            double d = Count - 1.0;
            double v = (NumeratorSumOfSquares - (2 * r * CrossProducts) + (r * r * DenominatorSumOfSquares)) / d;
            return Math.Max(0, v) / (Count * DenominatorMean * DenominatorMean);
        }
    }

    /// <summary>Summarises raw per-unit numerators and denominators.</summary>
    /// <param name="numerator">Numerator per unit (for example revenue).</param>
    /// <param name="denominator">Denominator per unit (for example orders).</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, hold NaN or infinity, have fewer than 2 units, or the denominators sum to zero.</exception>
    /// <remarks>Two passes: means, then centred sums.</remarks>
    public static RatioSummary FromSamples(ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator)
        => Create(PairedMoments.FromSamples(numerator, denominator, nameof(numerator), nameof(denominator)));

    /// <summary>Builds the summary from running sums.</summary>
    /// <param name="count">Number of units, at least 2.</param>
    /// <param name="numeratorSum">sum Y.</param>
    /// <param name="denominatorSum">sum X, non-zero.</param>
    /// <param name="numeratorSumOfSquares">sum Y^2.</param>
    /// <param name="denominatorSumOfSquares">sum X^2.</param>
    /// <param name="crossProductSum">sum XY.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 or a sum is not finite.</exception>
    /// <exception cref="ArgumentException">Fewer than 2 units, or the denominators sum to zero.</exception>
    /// <remarks>Centred sums are formed as sum Y^2 - (sum Y)^2 / n and so on.</remarks>
    public static RatioSummary FromSums(long count, double numeratorSum, double denominatorSum, double numeratorSumOfSquares, double denominatorSumOfSquares, double crossProductSum)
        => Create(PairedMoments.FromSums(
            count,
            numeratorSum,
            denominatorSum,
            numeratorSumOfSquares,
            denominatorSumOfSquares,
            crossProductSum,
            (nameof(numeratorSum), nameof(denominatorSum), nameof(numeratorSumOfSquares), nameof(denominatorSumOfSquares), nameof(crossProductSum))));

    private static RatioSummary Create(PairedMoments m)
    {
        long count = m.Count;
        if (count < 2)
        {
            throw new ArgumentException($"A ratio metric needs at least 2 units for its variance, but has {count}.", nameof(count));
        }

        if (m.MeanX == 0)
        {
            throw new ArgumentException("The denominators sum to zero, so the ratio is undefined.", nameof(count));
        }

        Guard.Finite(m.MeanY, "numerator");
        return new RatioSummary(count, m.MeanY, m.MeanX, m.Syy, m.Sxx, m.Sxy);
    }
}
