using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>The two-proportion z-test (pooled standard error) with an unpooled Wald interval of the difference.</summary>
/// <remarks>Matches statsmodels <c>proportions_ztest</c> and <c>confint_proportions_2indep(method="wald")</c>. Stateless and thread-safe.</remarks>
public static class TwoProportionZTest
{
    /// <summary>The test name reported in <see cref="TestResult.TestName"/>.</summary>
    public const string Name = "Two-proportion z-test";

    /// <summary>Tests treatment (B) against control (A) from counts.</summary>
    /// <param name="control">Control arm counts.</param>
    /// <param name="treatment">Treatment arm counts.</param>
    /// <param name="alternative">The alternative hypothesis; <see cref="Alternative.Greater"/> tests pB &gt; pA.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <value>The defaults are a two-sided test and a 95% interval.</value>
    /// <returns>z, its p-value, the difference pB - pA and its Wald interval (one-sided when the alternative is).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>
    /// z = (pB - pA) / sqrt(p (1 - p) (1/nA + 1/nB)) with pooled p = (xA + xB) / (nA + nB);
    /// CI = pB - pA -/+ z_q sqrt(pA(1 - pA)/nA + pB(1 - pB)/nB). When p is 0 or 1 the arms cannot differ: z = 0, p-value = 1.
    /// </remarks>
    public static TestResult Test(ProportionSummary control, ProportionSummary treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95)
    {
        Guard.OpenUnitInterval(confidenceLevel);
        double pa = control.Rate;
        double pb = treatment.Rate;
        double diff = pb - pa;
        double pooled = (double)(control.Successes + treatment.Successes) / (control.Count + treatment.Count);
        double se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / control.Count) + (1.0 / treatment.Count)));
        double z = se > 0 ? diff / se : 0;
        double p = se > 0 ? StandardNormal.PValue(z, alternative) : 1;
        double seWald = Math.Sqrt(control.RateVariance + treatment.RateVariance);
        return new TestResult(Name, z, p, alternative)
        {
            Estimate = diff,
            ConfidenceInterval = StandardNormal.Interval(diff, seWald, confidenceLevel, alternative),
        };
    }

    /// <summary>Tests treatment (B) against control (A) from raw per-unit outcomes.</summary>
    /// <param name="control">Control outcomes, one per unit.</param>
    /// <param name="treatment">Treatment outcomes, one per unit.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <value>The defaults are a two-sided test and a 95% interval.</value>
    /// <returns>As <see cref="Test(ProportionSummary, ProportionSummary, Alternative, double)"/>.</returns>
    /// <exception cref="ArgumentException">An arm is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>Counts the successes, then applies the pooled z formula.</remarks>
    public static TestResult Test(ReadOnlySpan<bool> control, ReadOnlySpan<bool> treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95) =>
        Test(ProportionSummary.FromOutcomes(control), ProportionSummary.FromOutcomes(treatment), alternative, confidenceLevel);
}
