namespace Personalization.Uplift.Internal;

/// <summary>Normal intervals from per-row influence-function scores.</summary>
internal static class InfluenceInterval
{
    /// <summary>The z quantile of a two-sided interval at the given level.</summary>
    public static double Z(double confidenceLevel) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + (confidenceLevel / 2));

    /// <summary>Mean of the scores, SE = sd/√n (sd with n − 1), interval mean ± z·SE; Welford's update in row order.</summary>
    public static IntervalEstimate FromScores(ReadOnlySpan<double> scores, double z, double confidenceLevel)
    {
        double mean = 0, m2 = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double delta = scores[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (scores[i] - mean);
        }

        int n = scores.Length;
        double se = n > 1 ? Math.Sqrt(m2 / (n - 1) / n) : double.NaN;
        return new IntervalEstimate(mean, se, mean - (z * se), mean + (z * se), confidenceLevel);
    }
}
