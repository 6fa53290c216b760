using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// CUPED (Deng et al. 2013): subtract the part of the metric explained by a pre-period covariate, with one theta
/// pooled across arms, then run Welch's t-test on the adjusted metric.
/// </summary>
/// <remarks>
/// Theta is estimated on both arms together so the adjustment is the same function of X in each arm and cannot bias
/// the difference (X is pre-treatment). Stateless and thread-safe.
/// </remarks>
public static class Cuped
{
    /// <summary>The test name.</summary>
    public const string Name = "CUPED Welch t-test";

    /// <summary>Runs CUPED from per-arm sufficient statistics.</summary>
    /// <param name="control">Control summary (n &gt;= 2).</param>
    /// <param name="treatment">Treatment summary (n &gt;= 2).</param>
    /// <param name="alternative">The alternative of the Welch test.</param>
    /// <param name="confidenceLevel">The confidence level, in (0, 1).</param>
    /// <value>Defaults: two-sided, 95%.</value>
    /// <returns>Theta, the adjusted difference, the variance reduction and the Welch test on the adjusted metric.</returns>
    /// <exception cref="ArgumentException">An arm has fewer than 2 units, or the covariate is constant over all units.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>
    /// Pooled sums add the between-arm term nA nB / n (mean_A - mean_B)(...); theta = Sxy / Sxx;
    /// Y_adj = Y - theta (X - mean X); per arm var(Y_adj) = (Syy - 2 theta Sxy + theta^2 Sxx) / (n - 1);
    /// variance reduction = 1 - (pooled adjusted sum of squares) / (pooled Syy).
    /// </remarks>
    public static CupedResult Analyze(CovariateSummary control, CovariateSummary treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95)
    {
        Guard.OpenUnitInterval(confidenceLevel);
        if (control.Count < 2 || treatment.Count < 2)
        {
            throw new ArgumentException($"CUPED needs at least 2 units per arm, but control has {control.Count} and treatment {treatment.Count}.", control.Count < 2 ? nameof(control) : nameof(treatment));
        }

        double na = control.Count;
        double nb = treatment.Count;
        double n = na + nb;
        double between = na * nb / n;
        double dxm = treatment.CovariateMean - control.CovariateMean;
        double dym = treatment.MetricMean - control.MetricMean;
        double sxx = control.CovariateSumOfSquares + treatment.CovariateSumOfSquares + (between * dxm * dxm);
        double syy = control.MetricSumOfSquares + treatment.MetricSumOfSquares + (between * dym * dym);
        double sxy = control.CrossProducts + treatment.CrossProducts + (between * dxm * dym);
        if (!(sxx > 0))
        {
            throw new ArgumentException("The covariate is constant over all units, so it explains nothing; drop CUPED or choose another pre-period covariate.", nameof(control));
        }

        double theta = sxy / sxx;
        double meanX = ((na * control.CovariateMean) + (nb * treatment.CovariateMean)) / n;
        SampleSummary a = Adjusted(control, theta, meanX);
        SampleSummary b = Adjusted(treatment, theta, meanX);
        double adjustedTotal = syy - (2 * theta * sxy) + (theta * theta * sxx);
        double reduction = syy > 0 ? 1 - (adjustedTotal / syy) : 0;
        TestResult welch = TTest.Welch(a, b, alternative, confidenceLevel);
        return new CupedResult(theta, b.Mean - a.Mean, reduction, welch with { TestName = Name }, a, b);
    }

    /// <summary>Runs CUPED from raw per-unit values.</summary>
    /// <param name="metric">The metric Y per unit.</param>
    /// <param name="covariate">The pre-period covariate X per unit.</param>
    /// <param name="treatment">Whether each unit is in treatment (otherwise control).</param>
    /// <param name="alternative">The alternative of the Welch test.</param>
    /// <param name="confidenceLevel">The confidence level, in (0, 1).</param>
    /// <value>Defaults: two-sided, 95%.</value>
    /// <returns>As <see cref="Analyze(CovariateSummary, CovariateSummary, Alternative, double)"/>.</returns>
    /// <exception cref="ArgumentException">The spans are empty, differ in length or hold NaN/infinity; an arm has fewer than 2 units; or the covariate is constant.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>Splits the units by arm, summarises each, then applies the pooled-theta formulas.</remarks>
    public static CupedResult Analyze(ReadOnlySpan<double> metric, ReadOnlySpan<double> covariate, ReadOnlySpan<bool> treatment, Alternative alternative = Alternative.TwoSided, double confidenceLevel = 0.95)
    {
        Guard.NotEmpty(metric);
        Guard.SameLength(metric.Length, covariate.Length, nameof(metric), nameof(covariate));
        Guard.SameLength(metric.Length, treatment.Length, nameof(metric), nameof(treatment));
        int nb = 0;
        foreach (bool t in treatment)
        {
            nb += t ? 1 : 0;
        }

        int na = metric.Length - nb;
        if (na < 2 || nb < 2)
        {
            throw new ArgumentException($"CUPED needs at least 2 units per arm, but control has {na} and treatment {nb}.", nameof(treatment));
        }

        double[] ya = new double[na], xa = new double[na], yb = new double[nb], xb = new double[nb];
        int ia = 0, ib = 0;
        for (int i = 0; i < metric.Length; i++)
        {
            if (treatment[i])
            {
                yb[ib] = metric[i];
                xb[ib++] = covariate[i];
            }
            else
            {
                ya[ia] = metric[i];
                xa[ia++] = covariate[i];
            }
        }

        return Analyze(CovariateSummary.FromSamples(ya, xa), CovariateSummary.FromSamples(yb, xb), alternative, confidenceLevel);
    }

    private static SampleSummary Adjusted(CovariateSummary arm, double theta, double meanX)
    {
        double mean = arm.MetricMean - (theta * (arm.CovariateMean - meanX));
        double m2 = arm.MetricSumOfSquares - (2 * theta * arm.CrossProducts) + (theta * theta * arm.CovariateSumOfSquares);
        return SampleSummary.Create(arm.Count, mean, Math.Max(0, m2));
    }
}
