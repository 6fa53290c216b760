using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// Sufficient statistics of one arm's metric: count, mean and the sum of squared deviations from the mean.
/// Build it from raw samples (<see cref="FromSamples"/>), from running sums (<see cref="FromSums"/>) or from
/// mean and variance (<see cref="FromMoments"/>); every mean test accepts it in place of the samples.
/// </summary>
/// <remarks>
/// Stored as (n, mean, M2) rather than (n, sum, sum of squares) because M2 = sum (x - mean)^2 computed
/// from samples does not cancel catastrophically. The type is an immutable value and thread-safe.
/// </remarks>
public readonly record struct SampleSummary
{
    private SampleSummary(long count, double mean, double sumOfSquaredDeviations)
    {
        Count = count;
        Mean = mean;
        SumOfSquaredDeviations = sumOfSquaredDeviations;
    }

    /// <summary>Gets the number of observations n.</summary>
    public long Count { get; }

    /// <summary>Gets the sample mean (sum x) / n.</summary>
    public double Mean { get; }

    /// <summary>Gets M2 = sum (x - mean)^2.</summary>
    public double SumOfSquaredDeviations { get; }

    /// <summary>Gets the sum of the observations, n * mean.</summary>
    public double Sum => Mean * Count;

    /// <summary>Gets the unbiased sample variance M2 / (n - 1), or NaN when n &lt; 2.</summary>
    public double Variance => Count > 1 ? SumOfSquaredDeviations / (Count - 1) : double.NaN;

    /// <summary>Gets the sample standard deviation sqrt(<see cref="Variance"/>).</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Summarises raw samples with a two-pass algorithm.</summary>
    /// <param name="values">The observations.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds NaN or infinity.</exception>
    /// <remarks>mean = sum x / n; M2 = sum (x - mean)^2 - (sum (x - mean))^2 / n (the second term corrects rounding).</remarks>
    public static SampleSummary FromSamples(ReadOnlySpan<double> values)
    {
        Guard.NotEmpty(values);
        Guard.AllFinite(values);
        return FromSamplesUnchecked(values);
    }

    /// <summary>Builds a summary from a count, a sum and a sum of squares (for example from a SQL aggregate).</summary>
    /// <param name="count">The number of observations n, at least 1.</param>
    /// <param name="sum">The sum of the observations.</param>
    /// <param name="sumOfSquares">The sum of the squared observations.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1, or a sum is NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="sumOfSquares"/> is smaller than sum^2 / n beyond rounding, so the sums cannot come from one sample.</exception>
    /// <remarks>mean = sum / n; M2 = max(0, sumOfSquares - sum^2 / n). With large means relative to the spread this loses digits; prefer <see cref="FromSamples"/> or <see cref="FromMoments"/> when you can.</remarks>
    public static SampleSummary FromSums(long count, double sum, double sumOfSquares)
    {
        ValidateCount(count);
        Guard.Finite(sum);
        Guard.Finite(sumOfSquares);
        double mean = sum / count;
        double m2 = sumOfSquares - (sum * mean);
        if (m2 < -1e-9 * Math.Max(1, Math.Abs(sumOfSquares)))
        {
            throw new ArgumentException($"sumOfSquares ({sumOfSquares}) is smaller than sum^2 / n ({sum * mean}); check that the sums describe the same {count} observations.", nameof(sumOfSquares));
        }

        return new SampleSummary(count, mean, Math.Max(0, m2));
    }

    /// <summary>Builds a summary from a count, a mean and an unbiased variance.</summary>
    /// <param name="count">The number of observations n, at least 1.</param>
    /// <param name="mean">The sample mean.</param>
    /// <param name="variance">The unbiased sample variance (divisor n - 1); ignored when n = 1.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1, <paramref name="mean"/> is not finite, or <paramref name="variance"/> is negative or not finite.</exception>
    /// <remarks>M2 = variance * (n - 1).</remarks>
    public static SampleSummary FromMoments(long count, double mean, double variance)
    {
        ValidateCount(count);
        Guard.Finite(mean);
        Guard.NonNegative(variance);
        return new SampleSummary(count, mean, count > 1 ? variance * (count - 1) : 0);
    }

    internal static SampleSummary FromSamplesUnchecked(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        double mean = System.Numerics.Tensors.TensorPrimitives.Sum(values) / n;
        double s0 = 0, s1 = 0, c0 = 0, c1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2)
        {
            double d0 = values[i] - mean;
            double d1 = values[i + 1] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            c0 += d0;
            c1 += d1;
        }

        if (i < n)
        {
            double d = values[i] - mean;
            s0 += d * d;
            c0 += d;
        }

        double c = c0 + c1;
        return new SampleSummary(n, mean + (c / n), Math.Max(0, s0 + s1 - (c * c / n)));
    }

    internal static SampleSummary Create(long count, double mean, double m2) => new(count, mean, m2);

    private static void ValidateCount(long count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at least 1, but was {count}.");
        }
    }
}
