using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Two-sample t-tests of treatment (B) minus control (A): Welch (unequal variances, our default) and Student (pooled variance).</summary>
/// <remarks>
/// We default to Welch because A/B arms rarely have equal variances or sizes and Welch loses almost no power when
/// they do; SciPy's <c>ttest_ind</c> defaults to Student (<c>equal_var=True</c>). Both are offered and tested against
/// SciPy. Stateless and thread-safe.
/// </remarks>
public static class TTest
{
    /// <summary>The Welch test name.</summary>
    public const string WelchName = "Welch t-test";

    /// <summary>The Student test name.</summary>
    public const string StudentName = "Student t-test";

    /// <summary>Welch's t-test from sufficient statistics.</summary>
    /// <param name="control">Control summary (n &gt;= 2).</param>
    /// <param name="treatment">Treatment summary (n &gt;= 2).</param>
    /// <param name="alternative">The alternative; <see cref="Alternative.Greater"/> tests mean B &gt; mean A.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <value>The defaults are a two-sided test and a 95% interval.</value>
    /// <returns>t, Welch-Satterthwaite df, p-value, mean difference B - A and its interval.</returns>
    /// <exception cref="ArgumentException">An arm has fewer than 2 observations, or both arms have zero variance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>t = (mB - mA) / sqrt(vA/nA + vB/nB); df = (vA/nA + vB/nB)^2 / ((vA/nA)^2/(nA - 1) + (vB/nB)^2/(nB - 1)).</remarks>
    public static TestResult Welch(SampleSummary control, SampleSummary treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95)
    {
        Validate(control, treatment, confidenceLevel);
        double a = control.Variance / control.Count;
        double b = treatment.Variance / treatment.Count;
        double se2 = a + b;
        double df = se2 * se2 / ((a * a / (control.Count - 1)) + (b * b / (treatment.Count - 1)));
        return Result(WelchName, treatment.Mean - control.Mean, Math.Sqrt(se2), df, alternative, confidenceLevel);
    }

    /// <summary>Welch's t-test from raw samples.</summary>
    /// <param name="control">Control observations (at least 2).</param>
    /// <param name="treatment">Treatment observations (at least 2).</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <value>The defaults are a two-sided test and a 95% interval.</value>
    /// <returns>As <see cref="Welch(SampleSummary, SampleSummary, Alternative, double)"/>.</returns>
    /// <exception cref="ArgumentException">An arm is empty, has fewer than 2 observations or holds NaN/infinity, or both arms have zero variance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>Summarises each arm with <see cref="SampleSummary.FromSamples"/>, then applies the Welch formula.</remarks>
    public static TestResult Welch(ReadOnlySpan<double> control, ReadOnlySpan<double> treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95) =>
        Welch(SampleSummary.FromSamples(control), SampleSummary.FromSamples(treatment), alternative, confidenceLevel);

    /// <summary>Student's pooled-variance t-test from sufficient statistics.</summary>
    /// <param name="control">Control summary (n &gt;= 2).</param>
    /// <param name="treatment">Treatment summary (n &gt;= 2).</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <value>The defaults are a two-sided test and a 95% interval.</value>
    /// <returns>t, df = nA + nB - 2, p-value, mean difference and its interval.</returns>
    /// <exception cref="ArgumentException">An arm has fewer than 2 observations, or both arms have zero variance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>sp^2 = ((nA - 1) vA + (nB - 1) vB) / (nA + nB - 2); t = (mB - mA) / (sp sqrt(1/nA + 1/nB)).</remarks>
    public static TestResult Student(SampleSummary control, SampleSummary treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95)
    {
        Validate(control, treatment, confidenceLevel);
        double df = control.Count + treatment.Count - 2.0;
        double sp2 = (control.SumOfSquaredDeviations + treatment.SumOfSquaredDeviations) / df;
        double se = Math.Sqrt(sp2 * ((1.0 / control.Count) + (1.0 / treatment.Count)));
        return Result(StudentName, treatment.Mean - control.Mean, se, df, alternative, confidenceLevel);
    }

    /// <summary>Student's pooled-variance t-test from raw samples.</summary>
    /// <param name="control">Control observations (at least 2).</param>
    /// <param name="treatment">Treatment observations (at least 2).</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <value>The defaults are a two-sided test and a 95% interval.</value>
    /// <returns>As <see cref="Student(SampleSummary, SampleSummary, Alternative, double)"/>.</returns>
    /// <exception cref="ArgumentException">An arm is empty, has fewer than 2 observations or holds NaN/infinity, or both arms have zero variance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>Summarises each arm, then applies the pooled formula.</remarks>
    public static TestResult Student(ReadOnlySpan<double> control, ReadOnlySpan<double> treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95) =>
        Student(SampleSummary.FromSamples(control), SampleSummary.FromSamples(treatment), alternative, confidenceLevel);

    private static TestResult Result(string name, double diff, double se, double df, Alternative alternative, double level)
    {
        double t = diff / se;
        return new TestResult(name, t, StudentT.PValue(t, df, alternative), alternative)
        {
            DegreesOfFreedom = df,
            Estimate = diff,
            ConfidenceInterval = StudentT.Interval(diff, se, df, level, alternative),
        };
    }

    private static void Validate(SampleSummary control, SampleSummary treatment, double confidenceLevel)
    {
        Guard.OpenUnitInterval(confidenceLevel);
        if (control.Count < 2)
        {
            throw new ArgumentException($"control has {control.Count} observation(s); a t-test needs at least 2 per arm.", nameof(control));
        }

        if (treatment.Count < 2)
        {
            throw new ArgumentException($"treatment has {treatment.Count} observation(s); a t-test needs at least 2 per arm.", nameof(treatment));
        }

        if (control.SumOfSquaredDeviations == 0 && treatment.SumOfSquaredDeviations == 0)
        {
            throw new ArgumentException("Both arms have zero variance (every value is identical within each arm); the t statistic is undefined. Compare the constants directly.", nameof(treatment));
        }
    }
}
