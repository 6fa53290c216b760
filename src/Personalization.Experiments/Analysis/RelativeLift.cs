using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Relative lift of treatment over control with a delta-method confidence interval.</summary>
/// <remarks>
/// The interval is symmetric on the lift scale (first-order delta method), like GrowthBook and Optimizely; for small
/// arms or control means near zero the ratio is skewed and the interval is optimistic. Stateless and thread-safe.
/// </remarks>
public static class RelativeLift
{
    /// <summary>Lift of one conversion rate over another.</summary>
    /// <param name="control">Control counts; must have at least one success.</param>
    /// <param name="treatment">Treatment counts.</param>
    /// <param name="confidenceLevel">Two-sided confidence level in (0, 1).</param>
    /// <value>The default level is 0.95.</value>
    /// <returns>pB / pA - 1 with its interval.</returns>
    /// <exception cref="ArgumentException">The control rate is zero, so the lift is undefined.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>Var(pB / pA) ~ Var(pB) / pA^2 + pB^2 Var(pA) / pA^4 with Var(p) = p (1 - p) / n.</remarks>
    public static LiftEstimate Proportions(ProportionSummary control, ProportionSummary treatment, double confidenceLevel = 0.95) =>
        FromMeans(control.Rate, control.RateVariance, treatment.Rate, treatment.RateVariance, confidenceLevel);

    /// <summary>Lift of one mean over another.</summary>
    /// <param name="control">Control summary; its mean must be non-zero.</param>
    /// <param name="treatment">Treatment summary.</param>
    /// <param name="confidenceLevel">Two-sided confidence level in (0, 1).</param>
    /// <value>The default level is 0.95.</value>
    /// <returns>mB / mA - 1 with its interval.</returns>
    /// <exception cref="ArgumentException">The control mean is zero, or an arm has fewer than 2 observations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>As for proportions with Var(mean) = s^2 / n.</remarks>
    public static LiftEstimate Means(SampleSummary control, SampleSummary treatment, double confidenceLevel = 0.95)
    {
        if (control.Count < 2 || treatment.Count < 2)
        {
            throw new ArgumentException($"A lift interval needs at least 2 observations per arm, but control has {control.Count} and treatment {treatment.Count}.", control.Count < 2 ? nameof(control) : nameof(treatment));
        }

        return FromMeans(control.Mean, control.Variance / control.Count, treatment.Mean, treatment.Variance / treatment.Count, confidenceLevel);
    }

    /// <summary>Lift from two independent estimates and the variances of those estimates.</summary>
    /// <param name="controlMean">The control estimate, non-zero.</param>
    /// <param name="controlVariance">The variance of the control estimate (squared standard error), non-negative.</param>
    /// <param name="treatmentMean">The treatment estimate.</param>
    /// <param name="treatmentVariance">The variance of the treatment estimate, non-negative.</param>
    /// <param name="confidenceLevel">Two-sided confidence level in (0, 1).</param>
    /// <value>The default level is 0.95.</value>
    /// <returns>treatmentMean / controlMean - 1 with its interval.</returns>
    /// <exception cref="ArgumentException"><paramref name="controlMean"/> is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite, a variance is negative, or <paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    /// <remarks>se^2 = vB / mA^2 + mB^2 vA / mA^4; CI = lift -/+ z_(1 - (1 - level)/2) se.</remarks>
    public static LiftEstimate FromMeans(double controlMean, double controlVariance, double treatmentMean, double treatmentVariance, double confidenceLevel = 0.95)
    {
        Guard.Finite(controlMean);
        Guard.Finite(treatmentMean);
        Guard.NonNegative(controlVariance);
        Guard.NonNegative(treatmentVariance);
        Guard.OpenUnitInterval(confidenceLevel);
        if (controlMean == 0)
        {
            throw new ArgumentException("The control mean is zero, so a relative lift is undefined; report the absolute difference instead.", nameof(controlMean));
        }

        double ma2 = controlMean * controlMean;
        double lift = (treatmentMean / controlMean) - 1;
        double se = Math.Sqrt((treatmentVariance / ma2) + (treatmentMean * treatmentMean * controlVariance / (ma2 * ma2)));
        return new LiftEstimate(lift, se, StandardNormal.Interval(lift, se, confidenceLevel, Alternative.TwoSided));
    }
}
