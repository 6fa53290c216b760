using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// Power, sample size and minimum detectable effect for two-arm tests of proportions (normal approximation on
/// Cohen's h) and of means (noncentral t), with unequal allocation.
/// </summary>
/// <remarks>
/// Matches statsmodels <c>NormalIndPower</c> and <c>TTestIndPower</c>: ratio = n_treatment / n_control, sizes are
/// per arm and unrounded, and the two-sided power counts both rejection regions. Stateless and thread-safe.
/// </remarks>
public static class PowerAnalysis
{
    /// <summary>Power of the two-proportion z-test.</summary>
    /// <param name="cohensH">Effect size h (see <see cref="EffectSize.CohensH"/>).</param>
    /// <param name="controlSize">Control-arm size n1, positive (need not be whole).</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="ratio">Allocation ratio n2 / n1, positive.</param>
    /// <param name="alternative">The alternative of the planned test.</param>
    /// <value>Defaults: alpha 0.05, ratio 1, two-sided.</value>
    /// <returns>The probability of rejecting the null when the effect is <paramref name="cohensH"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is NaN, infinite or outside its range.</exception>
    /// <remarks>m = 1 / (1/n1 + 1/n2); two-sided power = Q(z_(alpha/2) - h sqrt m) + Phi(-z_(alpha/2) - h sqrt m).</remarks>
    public static double ProportionsPower(double cohensH, double controlSize, double alpha = 0.05, double ratio = 1, Alternative alternative = Alternative.TwoSided)
    {
        Guard.Finite(cohensH);
        Guard.Positive(controlSize);
        Guard.OpenUnitInterval(alpha);
        Guard.Positive(ratio);
        return NormalPower(cohensH, controlSize, alpha, ratio, alternative);
    }

    /// <summary>Control-arm size needed by the two-proportion z-test.</summary>
    /// <param name="cohensH">Effect size h, non-zero.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Allocation ratio n2 / n1, positive.</param>
    /// <param name="alternative">The alternative of the planned test.</param>
    /// <value>Defaults: alpha 0.05, power 0.8, ratio 1, two-sided.</value>
    /// <returns>The unrounded sizes per arm.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, h is zero, or a one-sided alternative points the other way from h.</exception>
    /// <remarks>Solves <see cref="ProportionsPower"/>(n1) = power by bisection on log n1 (power is increasing in n1).</remarks>
    public static SampleSizeEstimate ProportionsSampleSize(double cohensH, double alpha = 0.05, double power = 0.8, double ratio = 1, Alternative alternative = Alternative.TwoSided)
    {
        ValidateSolve(cohensH, alpha, power, ratio, alternative);
        double n1 = SolveSize(n => NormalPower(cohensH, n, alpha, ratio, alternative), power, 1e-6);
        return new SampleSizeEstimate(n1, n1 * ratio);
    }

    /// <summary>Smallest Cohen's h the two-proportion z-test detects with the given power.</summary>
    /// <param name="controlSize">Control-arm size n1, positive.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Allocation ratio n2 / n1, positive.</param>
    /// <param name="alternative">The alternative; for <see cref="Alternative.Less"/> the returned h is negative.</param>
    /// <value>Defaults: alpha 0.05, power 0.8, ratio 1, two-sided.</value>
    /// <returns>The minimum detectable h; convert to a rate with <see cref="EffectSize.TreatmentRateForCohensH"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    /// <remarks>Solves power(h) = target by bisection on h in (0, 100].</remarks>
    public static double ProportionsMinimumDetectableEffect(double controlSize, double alpha = 0.05, double power = 0.8, double ratio = 1, Alternative alternative = Alternative.TwoSided)
    {
        ValidateMde(controlSize, alpha, power, ratio);
        double sign = alternative == Alternative.Less ? -1 : 1;
        return sign * SolveEffect(h => NormalPower(sign * h, controlSize, alpha, ratio, alternative), power);
    }

    /// <summary>Power of the two-sample Student t-test.</summary>
    /// <param name="cohensD">Effect size d (see <see cref="EffectSize.CohensD"/>).</param>
    /// <param name="controlSize">Control-arm size n1; n1 (1 + ratio) must be at least 4 (two degrees of freedom).</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="ratio">Allocation ratio n2 / n1, positive.</param>
    /// <param name="alternative">The alternative of the planned test.</param>
    /// <value>Defaults: alpha 0.05, ratio 1, two-sided.</value>
    /// <returns>The probability of rejecting the null when the effect is <paramref name="cohensD"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is NaN, infinite or outside its range.</exception>
    /// <remarks>df = n1 + n2 - 2; nc = d sqrt(1 / (1/n1 + 1/n2)); two-sided power = P(T' &gt; t_(alpha/2, df)) + P(T' &lt; -t_(alpha/2, df)) with T' noncentral t(df, nc).</remarks>
    public static double MeansPower(double cohensD, double controlSize, double alpha = 0.05, double ratio = 1, Alternative alternative = Alternative.TwoSided)
    {
        Guard.Finite(cohensD);
        Guard.Positive(controlSize);
        Guard.OpenUnitInterval(alpha);
        Guard.Positive(ratio);
        if (controlSize * (1 + ratio) < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(controlSize), controlSize, $"controlSize * (1 + ratio) must be at least 4 (two degrees of freedom for the noncentral t), but was {controlSize * (1 + ratio)}.");
        }

        return TPower(cohensD, controlSize, alpha, ratio, alternative);
    }

    /// <summary>Control-arm size needed by the two-sample t-test.</summary>
    /// <param name="cohensD">Effect size d, non-zero.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Allocation ratio n2 / n1, positive.</param>
    /// <param name="alternative">The alternative of the planned test.</param>
    /// <value>Defaults: alpha 0.05, power 0.8, ratio 1, two-sided.</value>
    /// <returns>The unrounded sizes per arm.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, d is zero, or a one-sided alternative points the other way from d.</exception>
    /// <remarks>Solves <see cref="MeansPower"/>(n1) = power by bisection on log n1.</remarks>
    public static SampleSizeEstimate MeansSampleSize(double cohensD, double alpha = 0.05, double power = 0.8, double ratio = 1, Alternative alternative = Alternative.TwoSided)
    {
        ValidateSolve(cohensD, alpha, power, ratio, alternative);
        double n1 = SolveSize(n => TPower(cohensD, n, alpha, ratio, alternative), power, (4 / (1 + ratio)) * (1 + 1e-12));
        return new SampleSizeEstimate(n1, n1 * ratio);
    }

    /// <summary>Smallest Cohen's d the two-sample t-test detects with the given power.</summary>
    /// <param name="controlSize">Control-arm size n1; n1 (1 + ratio) must be at least 4.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Allocation ratio n2 / n1, positive.</param>
    /// <param name="alternative">The alternative; for <see cref="Alternative.Less"/> the returned d is negative.</param>
    /// <value>Defaults: alpha 0.05, power 0.8, ratio 1, two-sided.</value>
    /// <returns>The minimum detectable d; multiply by the standard deviation for the detectable difference.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    /// <remarks>Solves power(d) = target by bisection on d in (0, 100].</remarks>
    public static double MeansMinimumDetectableEffect(double controlSize, double alpha = 0.05, double power = 0.8, double ratio = 1, Alternative alternative = Alternative.TwoSided)
    {
        ValidateMde(controlSize, alpha, power, ratio);
        if (controlSize * (1 + ratio) < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(controlSize), controlSize, $"controlSize * (1 + ratio) must be at least 4 (two degrees of freedom for the noncentral t), but was {controlSize * (1 + ratio)}.");
        }

        double sign = alternative == Alternative.Less ? -1 : 1;
        return sign * SolveEffect(d => TPower(sign * d, controlSize, alpha, ratio, alternative), power);
    }

    internal static double NormalPower(double h, double n1, double alpha, double ratio, Alternative alternative)
    {
        double shift = h * Math.Sqrt(1 / ((1 / n1) + (1 / (n1 * ratio))));
        double crit = StandardNormal.UpperQuantile(alternative == Alternative.TwoSided ? alpha / 2 : alpha);
        double power = 0;
        if (alternative != Alternative.Less)
        {
            power += StandardNormal.Sf(crit - shift);
        }

        if (alternative != Alternative.Greater)
        {
            power += StandardNormal.Cdf(-crit - shift);
        }

        return power;
    }

    internal static double TPower(double d, double n1, double alpha, double ratio, Alternative alternative)
    {
        double n2 = n1 * ratio;
        double df = n1 + n2 - 2;
        double nc = d * Math.Sqrt(1 / ((1 / n1) + (1 / n2)));
        double crit = StudentT.UpperQuantile(alternative == Alternative.TwoSided ? alpha / 2 : alpha, df);
        double power = 0;
        if (alternative != Alternative.Less)
        {
            power += NoncentralT.Sf(crit, df, nc);
        }

        if (alternative != Alternative.Greater)
        {
            power += NoncentralT.Cdf(-crit, df, nc);
        }

        return power;
    }

    private static double SolveSize(Func<double, double> powerAt, double target, double lowest)
    {
        double lo = Math.Log(lowest);
        if (powerAt(lowest) >= target)
        {
            return lowest;
        }

        // Grow the bracket geometrically: power is increasing in n, and huge n (df) is never evaluated needlessly.
        double hiSize = Math.Max(2 * lowest, 4);
        while (powerAt(hiSize) < target)
        {
            lo = Math.Log(hiSize);
            hiSize *= 4;
            if (hiSize > 1e15)
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, "The target power is not reached with fewer than 1e15 units per arm; the effect is too small to detect.");
            }
        }

        double hi = Math.Log(hiSize);
        for (int iteration = 0; iteration < 200 && hi - lo > 1e-14; iteration++)
        {
            double mid = 0.5 * (lo + hi);
            if (powerAt(Math.Exp(mid)) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Exp(0.5 * (lo + hi));
    }

    private static double SolveEffect(Func<double, double> powerAt, double target)
    {
        double lo = 0;
        double hi = 100;
        for (int iteration = 0; iteration < 200 && hi - lo > 1e-15 * hi; iteration++)
        {
            double mid = 0.5 * (lo + hi);
            if (powerAt(mid) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    private static void ValidateSolve(double effect, double alpha, double power, double ratio, Alternative alternative)
    {
        Guard.Finite(effect);
        Guard.OpenUnitInterval(alpha);
        Guard.OpenUnitInterval(power);
        Guard.Positive(ratio);
        if (effect == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(effect), effect, "The effect size must be non-zero: no sample size detects a zero effect.");
        }

        if ((alternative == Alternative.Greater && effect < 0) || (alternative == Alternative.Less && effect > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(effect), effect, $"The effect size {effect} points away from the {alternative} alternative; its power never exceeds alpha.");
        }

        if (power <= alpha)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, $"power must exceed alpha ({alpha}), but was {power}.");
        }
    }

    private static void ValidateMde(double controlSize, double alpha, double power, double ratio)
    {
        Guard.Positive(controlSize);
        Guard.OpenUnitInterval(alpha);
        Guard.OpenUnitInterval(power);
        Guard.Positive(ratio);
        if (power <= alpha)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, $"power must exceed alpha ({alpha}), but was {power}.");
        }
    }
}
