namespace Personalization.Monitoring.Internal;

/// <summary>
/// The one-sample Kolmogorov-Smirnov distribution for finite n, following the algorithm choice of
/// Simard and L'Ecuyer (2011) with the thresholds SciPy's <c>kstwo</c> uses, so that two-sample
/// asymptotic p-values agree with <c>scipy.stats.ks_2samp(method="asymp")</c>.
/// </summary>
internal static partial class KolmogorovAlgorithms
{
    /// <summary>The natural log of the smallest normal double (cephes MINLOG).</summary>
    private const double MinLog = -7.083964185322641e2;

    private const int ScaleExponent = 128;

    private static readonly double s_scaleUp = Math.ScaleB(1.0, ScaleExponent);
    private static readonly double s_scaleDown = Math.ScaleB(1.0, -ScaleExponent);

    /// <summary>Returns P(D_n &lt;= x) when <paramref name="cdf"/>, else P(D_n &gt; x), for the two-sided statistic.</summary>
    public static double Kolmogorov(int n, double x, bool cdf)
    {
        if (x >= 1.0)
        {
            return Select(1.0, 0.0, cdf);
        }

        if (x <= 0.0)
        {
            return Select(0.0, 1.0, cdf);
        }

        double t = n * x;
        double prob;
        if (t <= 1.0)
        {
            // Ruben and Gambino: for 1/(2n) <= x <= 1/n, P(D_n <= x) = n!/n^n (2t - 1)^n.
            if (t <= 0.5)
            {
                return Select(0.0, 1.0, cdf);
            }

            if (n <= 140)
            {
                prob = 1.0;
                double factor = (2 * t) - 1;
                double inverseN = 1.0 / n;
                for (int i = 1; i <= n; i++)
                {
                    prob *= i * inverseN * factor;
                }
            }
            else
            {
                prob = Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            }

            return Select(prob, 1.0 - prob, cdf);
        }

        if (t >= n - 1)
        {
            // Ruben and Gambino: for x >= 1 - 1/n, P(D_n > x) = 2 (1 - x)^n.
            prob = 2 * Math.Pow(1.0 - x, n);
            return Select(1.0 - prob, prob, cdf);
        }

        if (x >= 0.5)
        {
            // The one-sided events cannot both happen, so the two-sided tail is exactly twice the one-sided.
            prob = 2 * SmirnovSurvival(n, x);
            return Select(1.0 - prob, prob, cdf);
        }

        double nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                prob = DurbinCdf(n, x);
                return Select(prob, 1.0 - prob, cdf);
            }

            if (nxSquared <= 4)
            {
                prob = PomeranzCdf(n, x);
                return Select(prob, 1.0 - prob, cdf);
            }

            prob = 2 * SmirnovSurvival(n, x);
            return Select(1.0 - prob, prob, cdf);
        }

        if (!cdf)
        {
            if (nxSquared >= 370.0)
            {
                return 0.0;
            }

            if (nxSquared >= 2.2)
            {
                return Math.Clamp(2 * SmirnovSurvival(n, x), 0.0, 1.0);
            }
        }

        double cdfProb;
        if (nxSquared >= 18.0)
        {
            cdfProb = 1.0;
        }
        else if (n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            cdfProb = DurbinCdf(n, x);
        }
        else
        {
            cdfProb = PelzGoodCdf(n, x);
        }

        return Select(cdfProb, 1.0 - cdfProb, cdf);
    }

    /// <summary>
    /// The exact one-sided tail P(D_n+ &gt;= x) by the Birnbaum-Tingey sum
    /// x * sum_{j=0}^{floor(n(1-x))} C(n, j) (x + j/n)^(j-1) (1 - x - j/n)^(n-j), evaluated in logs.
    /// </summary>
    public static double SmirnovSurvival(int n, double x)
    {
        if (x <= 0.0)
        {
            return 1.0;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        if (n == 1)
        {
            return 1.0 - x;
        }

        double nx = n * x;
        if (nx <= 1.0)
        {
            // P(D_n+ < x) = x (1 + x)^(n - 1) for x <= 1/n.
            return Math.Clamp(1.0 - (x * Math.Pow(1.0 + x, n - 1)), 0.0, 1.0);
        }

        if (-2.0 * n * x * x < MinLog)
        {
            return 0.0;
        }

        if (Math.Floor(nx) >= n - 1)
        {
            return Math.Pow(1.0 - x, n);
        }

        // Last index with 1 - x - j/n > 0: j < n - nx.
        double upper = n - nx;
        int last = (int)Math.Ceiling(upper) - 1;
        if (last > n)
        {
            last = n;
        }

        // log A_j = log C(n, j) + (j - 1) log(x + j/n) + (n - j) log(1 - x - j/n), built up by
        // differences so that no large logarithm (of n! or of C(n, j)) is ever rounded.
        var logs = new double[last + 1];
        double logTerm = -Math.Log(x) + (n * Log1P(-x));
        double compensation = 0.0;
        logs[0] = logTerm;
        double max = logTerm;
        for (int j = 0; j < last; j++)
        {
            double a = nx + j;              // n (x + j/n)
            double b = n - nx - j;          // n (1 - x - j/n)
            double delta = Math.Log((double)(n - j) / (j + 1))
                + Math.Log((a + 1) / n)
                + ((j - 1) * Log1P(1.0 / a))
                - Math.Log(b / n)
                + ((n - j - 1) * Log1P(-1.0 / b));

            // Neumaier-compensated running sum of the increments.
            double sum = logTerm + delta;
            compensation += Math.Abs(logTerm) >= Math.Abs(delta) ? (logTerm - sum) + delta : (delta - sum) + logTerm;
            logTerm = sum;
            logs[j + 1] = logTerm + compensation;
            max = Math.Max(max, logs[j + 1]);
        }

        double total = 0.0;
        double c = 0.0;
        for (int j = 0; j <= last; j++)
        {
            double term = Math.Exp(logs[j] - max);
            double s = total + term;
            c += total >= term ? (total - s) + term : (term - s) + total;
            total = s;
        }

        double logResult = Math.Log(x) + max + Math.Log(total + c);
        return Math.Clamp(Math.Exp(logResult), 0.0, 1.0);
    }

    /// <summary>Kolmogorov's limiting distribution: P(sqrt(n) D_n &gt; x) as n grows (SciPy <c>kstwobign.sf</c>).</summary>
    public static double LimitingSurvival(double x)
    {
        if (x <= 0.0)
        {
            return 1.0;
        }

        if (x <= 0.82)
        {
            // 1 - sqrt(2 pi)/x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)).
            double w = Math.Sqrt(2 * Math.PI) / x;
            double sum = 0.0;
            for (int k = 1; k <= 8; k++)
            {
                double m = (2 * k) - 1;
                sum += Math.Exp(-m * m * Math.PI * Math.PI / (8 * x * x));
            }

            return Math.Clamp(1.0 - (w * sum), 0.0, 1.0);
        }

        // 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2).
        double p = 0.0;
        for (int k = 8; k >= 1; k--)
        {
            double term = Math.Exp(-2.0 * k * k * x * x);
            p += (k % 2 == 1) ? term : -term;
        }

        return Math.Clamp(2 * p, 0.0, 1.0);
    }

    /// <summary>log(n! / n^n) by Stirling's series (exact to double precision for n &gt; 140).</summary>
    internal static double LogFactorialOverPower(int n)
    {
        // log(n!) - n log n = log(n)/2 - n + log(2 pi)/2 + sum_j B_2j / (2j (2j - 1) n^(2j - 1)).
        double r = 1.0 / n;
        double r2 = r * r;
        double series = r * ((1.0 / 12) - (r2 * ((1.0 / 360) - (r2 * ((1.0 / 1260) - (r2 * ((1.0 / 1680) - (r2 / 1188))))))));
        return (0.5 * Math.Log(n)) - n + (0.5 * Math.Log(2 * Math.PI)) + series;
    }

    /// <summary>log(1 + x) accurate for small x (the BCL's LogP1 computes log(x + 1) naively).</summary>
    internal static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    private static double Select(double cdfProb, double sfProb, bool cdf) => Math.Clamp(cdf ? cdfProb : sfProb, 0.0, 1.0);
}
