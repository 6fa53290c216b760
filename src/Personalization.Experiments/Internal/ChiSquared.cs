using MathNet.Numerics;

namespace Personalization.Experiments.Internal;

/// <summary>Chi-square upper tail from the regularized upper incomplete gamma function.</summary>
internal static class ChiSquared
{
    /// <summary>P(X &gt; x) = Q(df/2, x/2).</summary>
    public static double Sf(double x, double df) => x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(0.5 * df, 0.5 * x);
}
