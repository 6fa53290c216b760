using MathNet.Numerics;

namespace Personalization.Experiments.Internal;

/// <summary>Student t tails and quantiles from the regularized incomplete beta function (no 1 - CDF).</summary>
internal static class StudentT
{
    /// <summary>Upper tail P(T &gt; t) for <paramref name="df"/> degrees of freedom.</summary>
    public static double Sf(double t, double df)
    {
        if (double.IsPositiveInfinity(df))
        {
            return StandardNormal.Sf(t);
        }

        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        // P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2): the incomplete beta is evaluated directly in the tail,
        // so tiny p-values keep their relative precision.
        double x = df / (df + (t * t));
        double tail = 0.5 * SpecialFunctions.BetaRegularized(0.5 * df, 0.5, x);

        return t >= 0 ? tail : 1 - tail;
    }

    /// <summary>Lower tail P(T &lt;= t).</summary>
    public static double Cdf(double t, double df) => Sf(-t, df);

    /// <summary>Density of the t distribution.</summary>
    public static double Pdf(double t, double df)
    {
        if (double.IsPositiveInfinity(df))
        {
            return StandardNormal.Pdf(t);
        }

        double logC = SpecialFunctions.GammaLn(0.5 * (df + 1)) - SpecialFunctions.GammaLn(0.5 * df) - (0.5 * Math.Log(df * Math.PI));
        return Math.Exp(logC - (0.5 * (df + 1) * Math.Log(1 + (t * t / df))));
    }

    /// <summary>p-value of a t statistic for the alternative.</summary>
    public static double PValue(double t, double df, Alternative alternative) => alternative switch
    {
        Alternative.Greater => Sf(t, df),
        Alternative.Less => Cdf(t, df),
        _ => Math.Min(1.0, 2 * Sf(Math.Abs(t), df)),
    };

    /// <summary>The t with P(T &gt; t) = <paramref name="upperTail"/>.</summary>
    public static double UpperQuantile(double upperTail, double df)
    {
        if (upperTail > 0.5)
        {
            return -UpperQuantile(1 - upperTail, df);
        }

        if (upperTail == 0.5)
        {
            return 0;
        }

        if (double.IsPositiveInfinity(df))
        {
            return StandardNormal.UpperQuantile(upperTail);
        }

        // Cornish-Fisher start, then safeguarded Newton on log Sf (well scaled in the far tail).
        double z = StandardNormal.UpperQuantile(upperTail);
        double z3 = z * z * z;
        double t = z + ((z3 + z) / (4 * df)) + (((5 * z3 * z * z) + (16 * z3) + (3 * z)) / (96 * df * df));
        double lo = 0;
        double hi = double.PositiveInfinity;
        double logTarget = Math.Log(upperTail);
        if (!(t > 0) || !double.IsFinite(t))
        {
            t = Math.Max(z, 1);
        }

        for (int iteration = 0; iteration < 200; iteration++)
        {
            double sf = Sf(t, df);
            if (sf > upperTail)
            {
                lo = t;
            }
            else
            {
                hi = t;
            }

            double g = Math.Log(sf) - logTarget;
            double slope = -Pdf(t, df) / sf;
            double next = t - (g / slope);
            if (!(next > lo && next < hi) || !double.IsFinite(next))
            {
                next = double.IsPositiveInfinity(hi) ? 2 * Math.Max(t, 1) : 0.5 * (lo + hi);
            }

            if (Math.Abs(next - t) <= 1e-15 * Math.Abs(next))
            {
                return next;
            }

            t = next;
        }

        return t;
    }

    /// <summary>Confidence interval estimate +- t se for the alternative.</summary>
    public static ConfidenceInterval Interval(double estimate, double standardError, double df, double level, Alternative alternative)
    {
        if (alternative == Alternative.TwoSided)
        {
            double q = UpperQuantile((1 - level) / 2, df);
            return new ConfidenceInterval(estimate - (q * standardError), estimate + (q * standardError), level);
        }

        double q1 = UpperQuantile(1 - level, df);
        return alternative == Alternative.Greater
            ? new ConfidenceInterval(estimate - (q1 * standardError), double.PositiveInfinity, level)
            : new ConfidenceInterval(double.NegativeInfinity, estimate + (q1 * standardError), level);
    }
}
