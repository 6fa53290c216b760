using Personalization.Validation;

namespace Personalization.Monitoring;

/// <summary>The population stability index (PSI) between two samples of one feature.</summary>
/// <remarks>All members are static, pure and thread-safe.</remarks>
public static class PopulationStability
{
    /// <summary>Computes the PSI of <paramref name="current"/> against <paramref name="reference"/>, binning on reference quantiles.</summary>
    /// <param name="reference">The reference sample; its quantiles define the bins.</param>
    /// <param name="current">The current sample.</param>
    /// <param name="options">The binning options; <see langword="null"/> uses the defaults (10 bins, epsilon 1e-4).</param>
    /// <returns>The index, the bin edges and both samples' shares per bin.</returns>
    /// <remarks>
    /// Formula: PSI = sum_i (c_i - r_i) ln(c_i / r_i), where r_i and c_i are the reference and current
    /// shares of bin i and a share of exactly 0 is replaced by <see cref="PsiBinningOptions.Epsilon"/>
    /// (no renormalisation). Bins are those of <see cref="PsiBinning"/>. PSI is 0 for identical
    /// samples and never negative. Rule of thumb: below 0.1 stable, 0.1 to 0.25 moderate shift,
    /// 0.25 or more significant shift.
    /// </remarks>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public static PsiResult Index(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, PsiBinningOptions? options = null)
    {
        options ??= new PsiBinningOptions();
        options.Validate();
        Guard.NotEmpty(reference);
        Guard.NotEmpty(current);
        Guard.AllFinite(reference);
        Guard.AllFinite(current);
        double[] sorted = reference.ToArray();
        Array.Sort(sorted);
        double[] edges = PsiBinning.QuantileEdges(sorted, options.BinCount);
        double[] referenceShares = PsiBinning.BinShares(sorted, edges);
        double[] currentShares = PsiBinning.BinShares(current, edges);
        return new PsiResult(Compute(referenceShares, currentShares, options.Epsilon), edges, referenceShares, currentShares);
    }

    /// <summary>The PSI of two share vectors, zero shares replaced by epsilon.</summary>
    internal static double Compute(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares, double epsilon)
    {
        double psi = 0.0;
        for (int i = 0; i < referenceShares.Length; i++)
        {
            double r = referenceShares[i] == 0 ? epsilon : referenceShares[i];
            double c = currentShares[i] == 0 ? epsilon : currentShares[i];
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }
}
