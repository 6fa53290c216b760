using MathNet.Numerics;

namespace Personalization.Experiments.Internal;

/// <summary>Standard normal tails and quantiles computed from erfc so tiny tails keep their precision.</summary>
internal static class StandardNormal
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>Upper tail Q(z) = P(Z &gt; z) = erfc(z / sqrt 2) / 2.</summary>
    public static double Sf(double z) => 0.5 * SpecialFunctions.Erfc(z * InvSqrt2);

    /// <summary>Lower tail Phi(z) = Q(-z).</summary>
    public static double Cdf(double z) => Sf(-z);

    /// <summary>Density phi(z).</summary>
    public static double Pdf(double z) => InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    /// <summary>The z with Q(z) = <paramref name="upperTail"/>, i.e. the (1 - p) quantile, computed without forming 1 - p.</summary>
    public static double UpperQuantile(double upperTail) => Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * upperTail);

    /// <summary>The z with Phi(z) = <paramref name="p"/>.</summary>
    public static double Quantile(double p) => -UpperQuantile(p);

    /// <summary>p-value of a z statistic for the alternative.</summary>
    public static double PValue(double z, Alternative alternative) => alternative switch
    {
        Alternative.Greater => Sf(z),
        Alternative.Less => Cdf(z),
        _ => Math.Min(1.0, 2 * Sf(Math.Abs(z))),
    };

    /// <summary>Confidence interval estimate +- z se for the alternative.</summary>
    public static ConfidenceInterval Interval(double estimate, double standardError, double level, Alternative alternative)
    {
        if (alternative == Alternative.TwoSided)
        {
            double z = UpperQuantile((1 - level) / 2);
            return new ConfidenceInterval(estimate - (z * standardError), estimate + (z * standardError), level);
        }

        double z1 = UpperQuantile(1 - level);
        return alternative == Alternative.Greater
            ? new ConfidenceInterval(estimate - (z1 * standardError), double.PositiveInfinity, level)
            : new ConfidenceInterval(double.NegativeInfinity, estimate + (z1 * standardError), level);
    }
}
