using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Seeded percentile-bootstrap confidence intervals for any statistic, of one sample or of a treatment-minus-control difference.</summary>
/// <remarks>
/// Arms are resampled independently (stratified by arm), each replicate with replacement at the arm's size. The
/// percentile interval takes the (1 - level)/2 and (1 + level)/2 quantiles of the replicates (linear interpolation,
/// NumPy's default). Deterministic for a seed; stateless and thread-safe.
/// </remarks>
public static class Bootstrap
{
    /// <summary>Bootstrap interval of a one-sample statistic.</summary>
    /// <param name="sample">The observations.</param>
    /// <param name="statistic">The statistic.</param>
    /// <param name="options">Resamples, level and seed; <see langword="null"/> for the defaults.</param>
    /// <returns>The statistic, its bootstrap standard error and percentile interval.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="statistic"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sample"/> is empty or holds NaN/infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <remarks>theta*_b = statistic(resample_b), b = 1..B; CI = [q_((1 - level)/2), q_((1 + level)/2)] of theta*.</remarks>
    public static BootstrapResult OneSample(ReadOnlySpan<double> sample, SampleStatistic statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        options = Validate(options);
        Guard.NotEmpty(sample);
        Guard.AllFinite(sample);
        var random = new Random(options.Seed);
        double[] buffer = new double[sample.Length];
        sample.CopyTo(buffer);
        double estimate = statistic(buffer);
        double[] replicates = new double[options.Resamples];
        for (int b = 0; b < replicates.Length; b++)
        {
            Resample(sample, buffer, random);
            replicates[b] = statistic(buffer);
        }

        return Summarise(estimate, replicates, options.ConfidenceLevel);
    }

    /// <summary>Bootstrap interval of statistic(treatment) - statistic(control).</summary>
    /// <param name="control">Control observations.</param>
    /// <param name="treatment">Treatment observations.</param>
    /// <param name="statistic">The statistic applied to each arm.</param>
    /// <param name="options">Resamples, level and seed; <see langword="null"/> for the defaults.</param>
    /// <returns>The difference, its bootstrap standard error and percentile interval.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="statistic"/> is null.</exception>
    /// <exception cref="ArgumentException">An arm is empty or holds NaN/infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <remarks>theta*_b = statistic(B*_b) - statistic(A*_b) with each arm resampled on its own.</remarks>
    public static BootstrapResult Difference(ReadOnlySpan<double> control, ReadOnlySpan<double> treatment, SampleStatistic statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        options = Validate(options);
        Guard.NotEmpty(control);
        Guard.NotEmpty(treatment);
        Guard.AllFinite(control);
        Guard.AllFinite(treatment);
        var random = new Random(options.Seed);
        double[] a = control.ToArray();
        double[] b = treatment.ToArray();
        double estimate = statistic(b) - statistic(a);
        double[] replicates = new double[options.Resamples];
        for (int r = 0; r < replicates.Length; r++)
        {
            Resample(control, a, random);
            Resample(treatment, b, random);
            replicates[r] = statistic(b) - statistic(a);
        }

        return Summarise(estimate, replicates, options.ConfidenceLevel);
    }

    private static void Resample(ReadOnlySpan<double> source, Span<double> destination, Random random)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = source[random.Next(source.Length)];
        }
    }

    private static BootstrapResult Summarise(double estimate, double[] replicates, double level)
    {
        SampleSummary s = SampleSummary.FromSamplesUnchecked(replicates);
        Array.Sort(replicates);
        double lower = Quantile(replicates, (1 - level) / 2);
        double upper = Quantile(replicates, (1 + level) / 2);
        return new BootstrapResult(estimate, s.StandardDeviation, new ConfidenceInterval(lower, upper, level));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int i = (int)Math.Floor(position);
        if (i >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        double f = position - i;
        return sorted[i] + (f * (sorted[i + 1] - sorted[i]));
    }

    private static BootstrapOptions Validate(BootstrapOptions? options)
    {
        options ??= new BootstrapOptions();
        if (options.Resamples < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Resamples, $"Resamples must be at least 100 for a usable percentile interval, but was {options.Resamples}.");
        }

        if (!(options.ConfidenceLevel > 0 && options.ConfidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConfidenceLevel, $"ConfidenceLevel must be strictly between 0 and 1, but was {options.ConfidenceLevel}.");
        }

        return options;
    }
}
