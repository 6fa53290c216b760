using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Every treatment arm against a shared control, with a multiple-testing correction across arms.</summary>
/// <remarks>
/// The default correction is Holm (family-wise error, valid under the positive dependence that a shared control
/// induces). Confidence intervals are not adjusted; use a Bonferroni level 1 - alpha/m when simultaneous intervals are
/// needed. Stateless and thread-safe.
/// </remarks>
public static class MultiArmComparison
{
    /// <summary>Compares conversion rates with the pooled two-proportion z-test.</summary>
    /// <param name="control">Control counts.</param>
    /// <param name="treatments">Counts of each treatment arm (at least one).</param>
    /// <param name="correction">The correction across arms.</param>
    /// <param name="alpha">The family-wise level in (0, 1).</param>
    /// <param name="alternative">The alternative of every test.</param>
    /// <value>Defaults: Holm, alpha 0.05, two-sided.</value>
    /// <returns>One comparison per treatment arm, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="treatments"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="treatments"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    /// <remarks>p_k from <see cref="TwoProportionZTest"/>; adjusted with <see cref="PValueAdjustment.Adjust(ReadOnlySpan{double}, MultipleTestingCorrection, double)"/>.</remarks>
    public static IReadOnlyList<ArmComparison> Proportions(ProportionSummary control, IReadOnlyList<ProportionSummary> treatments, MultipleTestingCorrection correction = PValueAdjustment.DefaultCorrection, double alpha = 0.05, Alternative alternative = Alternative.TwoSided)
    {
        ArgumentNullException.ThrowIfNull(treatments);
        return Combine(treatments.Count, i => TwoProportionZTest.Test(control, treatments[i], alternative), correction, alpha);
    }

    /// <summary>Compares means with Welch's t-test.</summary>
    /// <param name="control">Control summary.</param>
    /// <param name="treatments">Summaries of each treatment arm (at least one).</param>
    /// <param name="correction">The correction across arms.</param>
    /// <param name="alpha">The family-wise level in (0, 1).</param>
    /// <param name="alternative">The alternative of every test.</param>
    /// <value>Defaults: Holm, alpha 0.05, two-sided.</value>
    /// <returns>One comparison per treatment arm, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="treatments"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="treatments"/> is empty, or an arm cannot be t-tested (see <see cref="TTest.Welch(SampleSummary, SampleSummary, Alternative, double)"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    /// <remarks>p_k from Welch; adjusted across arms.</remarks>
    public static IReadOnlyList<ArmComparison> Means(SampleSummary control, IReadOnlyList<SampleSummary> treatments, MultipleTestingCorrection correction = PValueAdjustment.DefaultCorrection, double alpha = 0.05, Alternative alternative = Alternative.TwoSided)
    {
        ArgumentNullException.ThrowIfNull(treatments);
        return Combine(treatments.Count, i => TTest.Welch(control, treatments[i], alternative), correction, alpha);
    }

    private static ArmComparison[] Combine(int count, Func<int, TestResult> test, MultipleTestingCorrection correction, double alpha)
    {
        Guard.OpenUnitInterval(alpha);
        if (count == 0)
        {
            throw new ArgumentException("treatments is empty; pass at least one treatment arm.", "treatments");
        }

        var tests = new TestResult[count];
        double[] p = new double[count];
        for (int i = 0; i < count; i++)
        {
            tests[i] = test(i);
            p[i] = tests[i].PValue;
        }

        AdjustedPValues adjusted = PValueAdjustment.Adjust(p, correction, alpha);
        var result = new ArmComparison[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = new ArmComparison(i, tests[i], adjusted.Adjusted[i], adjusted.Rejected[i]);
        }

        return result;
    }
}
