using Personalization.Validation;

namespace Personalization.Monitoring;

/// <summary>The two-sample Kolmogorov-Smirnov test with SciPy's asymptotic p-values.</summary>
/// <remarks>All members are static, pure and thread-safe.</remarks>
public static class KolmogorovSmirnov
{
    /// <summary>
    /// Tests whether <paramref name="reference"/> and <paramref name="current"/> come from the same
    /// continuous distribution, as <c>scipy.stats.ks_2samp(reference, current, alternative, method="asymp")</c>.
    /// </summary>
    /// <param name="reference">The reference sample (SciPy's <c>data1</c>).</param>
    /// <param name="current">The current sample (SciPy's <c>data2</c>).</param>
    /// <param name="alternative">
    /// <see cref="Alternative.TwoSided"/>; <see cref="Alternative.Greater"/> is SciPy's <c>"greater"</c>
    /// (current values tend to be larger: statistic max(F_ref - F_cur)); <see cref="Alternative.Less"/>
    /// is SciPy's <c>"less"</c> (statistic max(F_cur - F_ref)).
    /// </param>
    /// <returns>The statistic, p-value, effective sample size and the location of the statistic.</returns>
    /// <remarks>
    /// Statistic: with empirical CDFs F_ref and F_cur evaluated at every pooled value,
    /// D+ = max(F_ref - F_cur), D- = max(0, max(F_cur - F_ref)); two-sided D = max(D+, D-) (D+ on ties).
    /// Two-sided p-value: <see cref="KolmogorovDistribution.TwoSidedSurvival"/>(round(en), D) with
    /// en = n1 n2 / (n1 + n2) rounded half to even. One-sided p-value (Hodges, 1958, eq. 5.3), with
    /// m &gt;= n the larger and smaller sample sizes and z = sqrt(en) D:
    /// exp(-2 z^2 - 2 z (m + 2n) / (3 sqrt(m n (m + n)))). P-values are clipped to [0, 1].
    /// Cost: O((n1 + n2) log(n1 + n2)) for the sort.
    /// </remarks>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alternative"/> is not a defined value.</exception>
    public static KolmogorovSmirnovResult TwoSample(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Alternative alternative = Alternative.TwoSided)
    {
        Guard.NotEmpty(reference);
        Guard.NotEmpty(current);
        Guard.AllFinite(reference);
        Guard.AllFinite(current);
        if (alternative is not (Alternative.TwoSided or Alternative.Greater or Alternative.Less))
        {
            throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "alternative must be TwoSided, Greater or Less.");
        }

        double[] a = reference.ToArray();
        double[] b = current.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        return TwoSampleSorted(a, b, alternative);
    }

    /// <summary>Runs the test on samples that are already sorted ascending and validated.</summary>
    internal static KolmogorovSmirnovResult TwoSampleSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative)
    {
        int n1 = a.Length;
        int n2 = b.Length;
        int i = 0;
        int j = 0;
        double maxPlus = double.NegativeInfinity;
        double minDiff = double.PositiveInfinity;
        double locationPlus = 0;
        double locationMinus = 0;
        while (i < n1 || j < n2)
        {
            double value = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= value)
            {
                i++;
            }

            while (j < n2 && b[j] <= value)
            {
                j++;
            }

            // The same expression SciPy evaluates: searchsorted(..., side="right") / n.
            double diff = ((double)i / n1) - ((double)j / n2);
            if (diff > maxPlus)
            {
                maxPlus = diff;
                locationPlus = value;
            }

            if (diff < minDiff)
            {
                minDiff = diff;
                locationMinus = value;
            }
        }

        double minus = Math.Clamp(-minDiff, 0.0, 1.0);
        double d;
        double location;
        int sign;
        if (alternative == Alternative.Less || (alternative == Alternative.TwoSided && minus > maxPlus))
        {
            d = minus;
            location = locationMinus;
            sign = -1;
        }
        else
        {
            d = maxPlus;
            location = locationPlus;
            sign = 1;
        }

        double m = Math.Max(n1, n2);
        double n = Math.Min(n1, n2);
        double en = m * n / (m + n);
        int effective = (int)Math.Round(en, MidpointRounding.ToEven);
        double p;
        if (alternative == Alternative.TwoSided)
        {
            p = KolmogorovDistribution.TwoSidedSurvival(Math.Max(effective, 1), d);
        }
        else
        {
            double z = Math.Sqrt(en) * d;
            double exponent = (-2 * z * z) - (2 * z * (m + (2 * n)) / Math.Sqrt(m * n * (m + n)) / 3.0);
            p = Math.Exp(exponent);
        }

        return new KolmogorovSmirnovResult(d, Math.Clamp(p, 0.0, 1.0), alternative)
        {
            ReferenceCount = n1,
            CurrentCount = n2,
            EffectiveSampleSize = effective,
            Location = location,
            Sign = sign,
        };
    }
}
