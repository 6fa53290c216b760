using Personalization.Monitoring.Internal;

namespace Personalization.Monitoring;

/// <summary>
/// The distribution of the Kolmogorov-Smirnov statistic: the finite-n two-sided distribution
/// (SciPy's <c>kstwo</c>), the exact one-sided tail (SciPy's <c>smirnov</c>) and Kolmogorov's
/// limiting distribution (SciPy's <c>kstwobign</c>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="TwoSidedSurvival"/> chooses its method by n and x as Simard and L'Ecuyer (2011) do,
/// with the thresholds of SciPy 1.10: Ruben-Gambino closed forms near the ends of the support,
/// twice the exact one-sided tail when x &gt;= 0.5 or n x^2 is large, Durbin's matrix method
/// (Marsaglia-Tsang-Wang) and Pomeranz's recursion for small n, and the Pelz-Good expansion for
/// large n and small x. Every method returns the upper tail directly or as 1 - CDF only where the
/// CDF is far from 1, so small p-values keep their relative precision.
/// </para>
/// <para>All members are static, pure and thread-safe.</para>
/// </remarks>
public static class KolmogorovDistribution
{
    /// <summary>Returns P(D_n &gt;= x) for the two-sided one-sample statistic D_n = sup |F_n - F| (SciPy <c>kstwo.sf(x, n)</c>).</summary>
    /// <param name="n">The sample size, at least 1.</param>
    /// <param name="x">The statistic value; values outside [0, 1] give 1 or 0.</param>
    /// <returns>The upper tail probability in [0, 1].</returns>
    /// <remarks>Formula: 1 - P(D_n &lt; x); see the type remarks for how it is evaluated.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1 or <paramref name="x"/> is NaN.</exception>
    public static double TwoSidedSurvival(int n, double x)
    {
        Validation.Guard.Positive(n);
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be a number, but was NaN.");
        }

        return x <= 0.5 / n ? 1.0 : KolmogorovAlgorithms.Kolmogorov(n, x, cdf: false);
    }

    /// <summary>Returns P(D_n &lt;= x) for the two-sided one-sample statistic (SciPy <c>kstwo.cdf(x, n)</c>).</summary>
    /// <param name="n">The sample size, at least 1.</param>
    /// <param name="x">The statistic value.</param>
    /// <returns>The cumulative probability in [0, 1].</returns>
    /// <remarks>Formula: P(sup |F_n - F| &lt;= x), evaluated as in <see cref="TwoSidedSurvival"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1 or <paramref name="x"/> is NaN.</exception>
    public static double TwoSidedCdf(int n, double x)
    {
        Validation.Guard.Positive(n);
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be a number, but was NaN.");
        }

        return x <= 0.5 / n ? 0.0 : KolmogorovAlgorithms.Kolmogorov(n, x, cdf: true);
    }

    /// <summary>Returns the exact one-sided tail P(D_n+ &gt;= x) (SciPy <c>scipy.special.smirnov(n, x)</c>).</summary>
    /// <param name="n">The sample size, at least 1.</param>
    /// <param name="x">The statistic value; values outside [0, 1] give 1 or 0.</param>
    /// <returns>The upper tail probability in [0, 1].</returns>
    /// <remarks>
    /// Formula (Birnbaum and Tingey, 1951):
    /// x * sum_{j=0}^{floor(n(1-x))} C(n, j) (x + j/n)^(j-1) (1 - x - j/n)^(n-j), summed in logs built
    /// up by differences so no large logarithm is rounded.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1 or <paramref name="x"/> is NaN.</exception>
    public static double OneSidedSurvival(int n, double x)
    {
        Validation.Guard.Positive(n);
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be a number, but was NaN.");
        }

        return KolmogorovAlgorithms.SmirnovSurvival(n, x);
    }

    /// <summary>Returns Kolmogorov's limiting tail P(K &gt; x) = lim P(sqrt(n) D_n &gt; x) (SciPy <c>kstwobign.sf</c>).</summary>
    /// <param name="x">The scaled statistic sqrt(n) D.</param>
    /// <returns>The upper tail probability in [0, 1].</returns>
    /// <remarks>Formula: 2 sum_{k&gt;=1} (-1)^(k-1) exp(-2 k^2 x^2), or its theta-function dual for x &lt;= 0.82.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN.</exception>
    public static double LimitingSurvival(double x)
    {
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be a number, but was NaN.");
        }

        return KolmogorovAlgorithms.LimitingSurvival(x);
    }
}
