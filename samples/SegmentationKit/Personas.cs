namespace Personalization.Samples;

/// <summary>
/// Names a segment from its average standardized features (z-scores against all customers).
/// Business rules, in order; the first that matches wins. Tune them to your catalogue.
/// </summary>
public static class Personas
{
    public static string Name(IReadOnlyDictionary<string, double> z)
    {
        double recency = z.GetValueOrDefault("recency_days");
        double frequency = z.GetValueOrDefault("frequency");
        double monetary = z.GetValueOrDefault("monetary");
        double aov = z.GetValueOrDefault("aov");
        double tenure = z.GetValueOrDefault("tenure_days");
        double returns = z.GetValueOrDefault("return_rate");

        if (returns > 1.0)
        {
            return "Frequent returners";
        }

        if (recency > 0.8)
        {
            return frequency > 0 ? "At-risk regulars" : "Lapsed one-timers";
        }

        if (frequency > 1.0 && monetary > 1.0)
        {
            return "Champions";
        }

        if (aov > 1.0)
        {
            return "Big-basket buyers";
        }

        if (tenure < -0.5)
        {
            return "New customers";
        }

        return frequency > 0.3 ? "Loyal regulars" : "Occasional shoppers";
    }
}
