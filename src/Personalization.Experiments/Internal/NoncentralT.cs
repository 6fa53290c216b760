using MathNet.Numerics;

namespace Personalization.Experiments.Internal;

/// <summary>
/// The noncentral t distribution (MathNet has none). T = (Z + delta) / S with S = sqrt(V / df),
/// V ~ chi-square(df), so P(T &lt;= t) = E[Phi(t S - delta)] and P(T &gt; t) = E[Q(t S - delta)].
/// </summary>
/// <remarks>
/// Both tails are integrals of positive terms over the scaled-chi density of S, so neither is
/// computed as 1 - the other and tiny tails keep their precision. The integrand is log-concave
/// for df &gt;= 2: we find its mode by safeguarded Newton, walk out until it falls by e^-46, and
/// integrate with 20-point Gauss-Legendre panels one curvature width wide, in the scale of the
/// mode so nothing underflows.
/// </remarks>
internal static class NoncentralT
{
    private const int Order = 20;
    private static readonly double[] s_nodes = new double[Order];
    private static readonly double[] s_weights = new double[Order];

#pragma warning disable CA1810 // static fields need the loop to initialise
    static NoncentralT()
#pragma warning restore CA1810
    {
        // Gauss-Legendre nodes on [-1, 1] by Newton on P_n.
        for (int i = 0; i < Order; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (Order + 0.5));
            double dp = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                double p0 = 1;
                double p1 = x;
                for (int k = 2; k <= Order; k++)
                {
                    double p2 = (((2 * k) - 1) * x * p1 - ((k - 1) * p0)) / k;
                    p0 = p1;
                    p1 = p2;
                }

                dp = Order * ((x * p1) - p0) / ((x * x) - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.Abs(dx) < 1e-16)
                {
                    break;
                }
            }

            s_nodes[i] = x;
            s_weights[i] = 2 / ((1 - (x * x)) * dp * dp);
        }
    }

    /// <summary>P(T &lt;= t).</summary>
    public static double Cdf(double t, double df, double delta) =>
        delta == 0 ? StudentT.Cdf(t, df) : ExpectedUpperNormal(-t, delta, df);

    /// <summary>P(T &gt; t).</summary>
    public static double Sf(double t, double df, double delta) =>
        delta == 0 ? StudentT.Sf(t, df) : ExpectedUpperNormal(t, -delta, df);

    /// <summary>E[Q(c S + d)] with S = sqrt(chi2(df) / df).</summary>
    private static double ExpectedUpperNormal(double c, double d, double df)
    {
        if (!(df >= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(df), df, $"The noncentral t here needs at least 2 degrees of freedom, but df was {df}.");
        }

        if (double.IsPositiveInfinity(df))
        {
            return StandardNormal.Sf(c + d);
        }

        double logNorm = Math.Log(2) + (0.5 * df * Math.Log(0.5 * df)) - SpecialFunctions.GammaLn(0.5 * df);
        var h = new LogIntegrand(c, d, df, logNorm);

        double mode = FindMode(h, df);
        double hMax = h.Value(mode);
        double curvature = -h.Second(Math.Max(mode, 1e-300));
        double width = curvature > 0 && double.IsFinite(curvature) ? 1 / Math.Sqrt(curvature) : 0.1;
        const double Drop = 46;

        double lower = mode;
        double step = width;
        int steps = 0;
        while (lower > 0 && h.Value(lower) > hMax - Drop)
        {
            lower = Math.Max(0, lower - step);
            if (++steps % 16 == 0)
            {
                step *= 2;
            }
        }

        double upper = mode;
        step = width;
        steps = 0;
        while (h.Value(upper) > hMax - Drop)
        {
            upper += step;
            if (++steps % 16 == 0)
            {
                step *= 2;
            }
        }

        int panels = (int)Math.Clamp(Math.Ceiling((upper - lower) / width), 4, 400);
        double panelWidth = (upper - lower) / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++)
        {
            double a = lower + (p * panelWidth);
            double b = a + panelWidth;
            if (a == 0 && df != Math.Floor(df))
            {
                // s^(df - 1) is not smooth at 0 for fractional df: grade the first panel geometrically toward 0.
                for (int j = 0; j < 60; j++)
                {
                    double right = b * Math.Pow(0.5, j);
                    sum += Panel(h, hMax, 0.5 * right, right);
                }
            }
            else
            {
                sum += Panel(h, hMax, a, b);
            }
        }

        double result = Math.Exp(hMax) * sum;
        return Math.Clamp(result, 0, 1);
    }

    private static double Panel(LogIntegrand h, double hMax, double a, double b)
    {
        double mid = 0.5 * (a + b);
        double half = 0.5 * (b - a);
        double panelSum = 0;
        for (int i = 0; i < Order; i++)
        {
            double s = mid + (half * s_nodes[i]);
            if (s > 0)
            {
                panelSum += s_weights[i] * Math.Exp(h.Value(s) - hMax);
            }
        }

        return panelSum * half;
    }

    private static double FindMode(LogIntegrand h, double df)
    {
        if (df == 1 && h.First(1e-300) <= 0)
        {
            return 0;
        }

        double lo = 0;
        double hi = 1;
        while (h.First(hi) > 0)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e10)
            {
                return hi;
            }
        }

        double s = Math.Max(0.5 * (lo + hi), Math.Min(1, hi));
        for (int iteration = 0; iteration < 200; iteration++)
        {
            double g = h.First(s);
            if (g > 0)
            {
                lo = s;
            }
            else
            {
                hi = s;
            }

            double next = s - (g / h.Second(s));
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - s) <= 1e-14 * s || hi - lo <= 1e-15 * hi)
            {
                return next;
            }

            s = next;
        }

        return s;
    }

    private readonly struct LogIntegrand(double c, double d, double df, double logNorm)
    {
        public double Value(double s) => logNorm + ((df - 1) * Math.Log(s)) - (0.5 * df * s * s) + LogQ((c * s) + d);

        public double First(double s) => ((df - 1) / s) - (df * s) - (c * Mills((c * s) + d));

        public double Second(double s)
        {
            double x = (c * s) + d;
            double m = Mills(x);
            return (-(df - 1) / (s * s)) - df - (c * c * m * (m - x));
        }
    }

    /// <summary>log Q(x), with the asymptotic series where erfc underflows.</summary>
    private static double LogQ(double x)
    {
        if (x < 30)
        {
            return Math.Log(StandardNormal.Sf(x));
        }

        double r = 1 / (x * x);
        return (-0.5 * x * x) - Math.Log(x) - (0.5 * Math.Log(2 * Math.PI)) + Math.Log(1 - r + (3 * r * r) - (15 * r * r * r));
    }

    /// <summary>The inverse Mills ratio phi(x) / Q(x).</summary>
    private static double Mills(double x)
    {
        if (x < 30)
        {
            return StandardNormal.Pdf(x) / StandardNormal.Sf(x);
        }

        double r = 1 / (x * x);
        return x / (1 - r + (3 * r * r) - (15 * r * r * r));
    }
}
