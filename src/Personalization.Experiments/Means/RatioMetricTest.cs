using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// Compares a ratio metric (sum Y / sum X, for example revenue per order) between arms with the delta method, which
/// accounts for the units (users) being the randomisation unit while the denominator (orders) is not.
/// </summary>
/// <remarks>Treating orders as independent samples understates the variance; the delta method does not. Stateless and thread-safe.</remarks>
public static class RatioMetricTest
{
    /// <summary>The test name.</summary>
    public const string Name = "Delta-method ratio z-test";

    /// <summary>Tests the difference of two ratios.</summary>
    /// <param name="control">Control summary.</param>
    /// <param name="treatment">Treatment summary.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="confidenceLevel">The confidence level in (0, 1).</param>
    /// <value>Defaults: two-sided, 95%.</value>
    /// <returns>z, p-value, RB - RA and its interval.</returns>
    /// <exception cref="ArgumentException">Both ratios have zero variance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>z = (RB - RA) / sqrt(Var(RA) + Var(RB)), Var(R) = (s_yy - 2 R s_xy + R^2 s_xx) / (n mean_x^2).</remarks>
    public static TestResult Test(RatioSummary control, RatioSummary treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95)
    {
        Guard.OpenUnitInterval(confidenceLevel);
        double diff = treatment.Ratio - control.Ratio;
        double se = Math.Sqrt(control.RatioVariance + treatment.RatioVariance);
        if (!(se > 0))
        {
            throw new ArgumentException("Both ratios have zero delta-method variance; the test is undefined.", nameof(treatment));
        }

        double z = diff / se;
        return new TestResult(Name, z, StandardNormal.PValue(z, alternative), alternative)
        {
            Estimate = diff,
            ConfidenceInterval = StandardNormal.Interval(diff, se, confidenceLevel, alternative),
        };
    }

    /// <summary>Tests the difference of two ratios from raw per-unit values.</summary>
    /// <param name="controlNumerator">Control numerators per unit.</param>
    /// <param name="controlDenominator">Control denominators per unit.</param>
    /// <param name="treatmentNumerator">Treatment numerators per unit.</param>
    /// <param name="treatmentDenominator">Treatment denominators per unit.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="confidenceLevel">The confidence level in (0, 1).</param>
    /// <value>Defaults: two-sided, 95%.</value>
    /// <returns>As <see cref="Test(RatioSummary, RatioSummary, Alternative, double)"/>.</returns>
    /// <exception cref="ArgumentException">See <see cref="RatioSummary.FromSamples"/>; or both ratios have zero variance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>Summarises each arm, then applies the delta method.</remarks>
    public static TestResult Test(ReadOnlySpan<double> controlNumerator, ReadOnlySpan<double> controlDenominator, ReadOnlySpan<double> treatmentNumerator, ReadOnlySpan<double> treatmentDenominator, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95) =>
        Test(RatioSummary.FromSamples(controlNumerator, controlDenominator), RatioSummary.FromSamples(treatmentNumerator, treatmentDenominator), alternative, confidenceLevel);
}
