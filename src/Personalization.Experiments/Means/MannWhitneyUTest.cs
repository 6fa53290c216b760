using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>The Mann-Whitney U (Wilcoxon rank-sum) test with the normal approximation, tie correction and continuity correction.</summary>
/// <remarks>
/// Matches SciPy <c>mannwhitneyu(treatment, control, method="asymptotic")</c>. SciPy's default <c>method="auto"</c> switches to
/// the exact distribution when both arms have fewer than 8 values and no ties; A/B arms are large, so we always use the
/// normal approximation. A rank test has no sufficient-statistics form: it needs the raw samples. Stateless and thread-safe.
/// </remarks>
public static class MannWhitneyUTest
{
    /// <summary>The test name.</summary>
    public const string Name = "Mann-Whitney U test";

    /// <summary>Runs the test.</summary>
    /// <param name="control">Control observations.</param>
    /// <param name="treatment">Treatment observations.</param>
    /// <param name="alternative">The alternative; <see cref="Alternative.Greater"/> means treatment values tend to be larger.</param>
    /// <param name="continuityCorrection">Whether to subtract 0.5 from |U - mu| (SciPy's default).</param>
    /// <value>The defaults are a two-sided test with continuity correction.</value>
    /// <returns>Statistic = U of the treatment sample; Estimate = U / (nA nB), the probability that a treatment value exceeds a control value (ties count half).</returns>
    /// <exception cref="ArgumentException">An arm is empty or holds NaN or infinity.</exception>
    /// <remarks>
    /// U_B = R_B - nB(nB + 1)/2 with mid-ranks R; mu = nA nB / 2;
    /// sigma = sqrt(nA nB / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1)))); two-sided z = (max(U_B, U_A) - mu - 0.5) / sigma, p = 2 Q(z);
    /// greater uses U_B, less uses U_A, p = Q(z). When every value is tied (sigma = 0) the p-value is 1.
    /// </remarks>
    public static TestResult Test(ReadOnlySpan<double> control, ReadOnlySpan<double> treatment, Alternative alternative = Alternative.TwoSided, bool continuityCorrection = true)
    {
        Guard.NotEmpty(control);
        Guard.NotEmpty(treatment);
        Guard.AllFinite(control);
        Guard.AllFinite(treatment);

        double[] a = control.ToArray();
        double[] b = treatment.ToArray();
        Array.Sort(a);
        Array.Sort(b);

        // Merge the sorted arms, assigning mid-ranks to tie groups.
        double rankSumB = 0;
        double tieTerm = 0;
        int i = 0, j = 0;
        long position = 0;
        while (i < a.Length || j < b.Length)
        {
            double v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            int countA = 0, countB = 0;
            while (i < a.Length && a[i] == v)
            {
                i++;
                countA++;
            }

            while (j < b.Length && b[j] == v)
            {
                j++;
                countB++;
            }

            long t = countA + countB;
            double midRank = position + ((t + 1) / 2.0);
            rankSumB += countB * midRank;
            tieTerm += ((double)t * t * t) - t;
            position += t;
        }

        double n1 = b.Length;
        double n2 = a.Length;
        double n = n1 + n2;
        double u1 = rankSumB - (n1 * (n1 + 1) / 2);
        double u2 = (n1 * n2) - u1;
        double mu = n1 * n2 / 2;
        double sigma = Math.Sqrt(n1 * n2 / 12 * ((n + 1) - (tieTerm / (n * (n - 1)))));
        double u = alternative switch
        {
            Alternative.Greater => u1,
            Alternative.Less => u2,
            _ => Math.Max(u1, u2),
        };

        double p;
        if (sigma > 0)
        {
            double z = (u - mu - (continuityCorrection ? 0.5 : 0)) / sigma;
            p = StandardNormal.Sf(z) * (alternative == Alternative.TwoSided ? 2 : 1);
            p = Math.Clamp(p, 0, 1);
        }
        else
        {
            p = 1;
        }

        return new TestResult(Name, u1, p, alternative) { Estimate = u1 / (n1 * n2) };
    }
}
