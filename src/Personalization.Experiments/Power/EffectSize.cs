using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Standardised effect sizes used by <see cref="PowerAnalysis"/>.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class EffectSize
{
    /// <summary>Cohen's h between two proportions.</summary>
    /// <param name="controlRate">Control rate p1 in [0, 1].</param>
    /// <param name="treatmentRate">Treatment rate p2 in [0, 1].</param>
    /// <returns>h, positive when the treatment rate is higher.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is NaN or outside [0, 1].</exception>
    /// <remarks>h = 2 asin(sqrt p2) - 2 asin(sqrt p1) (the arcsine transform stabilises the variance of a proportion).</remarks>
    public static double CohensH(double controlRate, double treatmentRate)
    {
        Guard.InRange(controlRate, 0, 1);
        Guard.InRange(treatmentRate, 0, 1);
        return (2 * Math.Asin(Math.Sqrt(treatmentRate))) - (2 * Math.Asin(Math.Sqrt(controlRate)));
    }

    /// <summary>The treatment rate that is Cohen's h away from a control rate (inverse of <see cref="CohensH"/>).</summary>
    /// <param name="controlRate">Control rate p1 in [0, 1].</param>
    /// <param name="cohensH">The effect size h.</param>
    /// <returns>p2 = sin^2(asin(sqrt p1) + h / 2).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="controlRate"/> is outside [0, 1], or p1 shifted by h leaves [0, 1].</exception>
    /// <remarks>Use it to turn a minimum detectable h into a minimum detectable conversion rate.</remarks>
    public static double TreatmentRateForCohensH(double controlRate, double cohensH)
    {
        Guard.InRange(controlRate, 0, 1);
        Guard.Finite(cohensH);
        double angle = Math.Asin(Math.Sqrt(controlRate)) + (cohensH / 2);
        if (angle < 0 || angle > Math.PI / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(cohensH), cohensH, $"A control rate of {controlRate} shifted by h = {cohensH} leaves [0, 1]; use |h| <= {Math.PI - (2 * Math.Asin(Math.Sqrt(controlRate)))} upwards.");
        }

        double s = Math.Sin(angle);
        return s * s;
    }

    /// <summary>Cohen's d: a mean difference in units of the standard deviation.</summary>
    /// <param name="difference">The mean difference (treatment minus control).</param>
    /// <param name="standardDeviation">The common standard deviation, positive.</param>
    /// <returns>d = difference / standardDeviation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="difference"/> is not finite or <paramref name="standardDeviation"/> is not positive.</exception>
    /// <remarks>d = (mu_B - mu_A) / sigma.</remarks>
    public static double CohensD(double difference, double standardDeviation)
    {
        Guard.Finite(difference);
        Guard.Positive(standardDeviation);
        return difference / standardDeviation;
    }
}
