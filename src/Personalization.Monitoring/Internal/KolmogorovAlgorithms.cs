namespace Personalization.Monitoring.Internal;

/// <summary>
/// The one-sample Kolmogorov-Smirnov distribution for finite n, following the algorithm choice of
/// Simard and L'Ecuyer (2011) with the thresholds SciPy's <c>kstwo</c> uses, so that two-sample
/// asymptotic p-values agree with <c>scipy.stats.ks_2samp(method="asymp")</c>.
/// </summary>
internal static class KolmogorovAlgorithms
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

    /// <summary>
    /// P(D_n &lt; d) by Durbin's matrix method as organised by Marsaglia, Tsang and Wang (2003):
    /// with d = (k - h)/n, the (k, k) element of (n!/n^n) H^n.
    /// </summary>
    internal static double DurbinCdf(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }

        double nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        int k = (int)Math.Ceiling(nd);
        double h = k - nd;
        int m = (2 * k) - 1;

        var v = new double[m];
        var w = new double[m];
        double factorial = 1.0;
        for (int j = 1; j <= m; j++)
        {
            w[j - 1] = factorial;     // 1/(j-1)!
            factorial /= j;           // 1/j!
            v[j - 1] = (1.0 - Math.Pow(h, j)) * factorial;
        }

        double tail = Math.Pow(Math.Max((2 * h) - 1.0, 0.0), m) - (2 * Math.Pow(h, m));
        v[m - 1] = (1.0 + tail) * factorial;

        var hMatrix = new double[m * m];
        for (int row = 0; row < m; row++)
        {
            for (int col = 1; col < m; col++)
            {
                int r = row - col + 1;
                if (r >= 0)
                {
                    hMatrix[(row * m) + col] = w[r];
                }
            }

            hMatrix[row * m] = v[row];
        }

        for (int col = 0; col < m; col++)
        {
            hMatrix[((m - 1) * m) + col] = v[m - 1 - col];
        }

        var power = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            power[(i * m) + i] = 1.0;
        }

        var scratch = new double[m * m];
        int exponent = 0;
        int hExponent = 0;
        int remaining = n;
        while (remaining > 0)
        {
            if ((remaining & 1) != 0)
            {
                Multiply(power, hMatrix, scratch, m);
                (power, scratch) = (scratch, power);
                exponent += hExponent;
            }

            Multiply(hMatrix, hMatrix, scratch, m);
            (hMatrix, scratch) = (scratch, hMatrix);
            hExponent *= 2;
            if (Math.Abs(hMatrix[((k - 1) * m) + k - 1]) > s_scaleUp)
            {
                for (int i = 0; i < hMatrix.Length; i++)
                {
                    hMatrix[i] *= s_scaleDown;
                }

                hExponent += ScaleExponent;
            }

            remaining >>= 1;
        }

        double p = power[((k - 1) * m) + k - 1];
        for (int i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < s_scaleDown)
            {
                p *= s_scaleUp;
                exponent -= ScaleExponent;
            }
        }

        if (exponent != 0)
        {
            p = Math.ScaleB(p, exponent);
        }

        return Math.Clamp(p, 0.0, 1.0);
    }

    /// <summary>P(D_n &lt;= x) by Pomeranz's recursion (1974), for n up to 140.</summary>
    internal static double PomeranzCdf(int n, double x)
    {
        double t = n * x;
        int ll = (int)Math.Floor(t);
        double f = t - ll;
        double g = Math.Min(f, 1.0 - f);
        int ceilF = f > 0 ? 1 : 0;
        int roundF = f > 0.5 ? 1 : 0;
        int powerCount = 2 * (ll + 1);

        // (g/n)^m/m!, (2g/n)^m/m!, ((1-2g)/n)^m/m!: Poisson probabilities without their normalising factor.
        var gPower = new double[powerCount];
        var twoGPower = new double[powerCount];
        var oneMinusTwoGPower = new double[powerCount];
        gPower[0] = 1.0;
        twoGPower[0] = 1.0;
        oneMinusTwoGPower[0] = 1.0;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - (2 * g)) / n;
        for (int i = 1; i < powerCount; i++)
        {
            gPower[i] = gPower[i - 1] * gOverN / i;
            twoGPower[i] = twoGPower[i - 1] * twoGOverN / i;
            oneMinusTwoGPower[i] = oneMinusTwoGPower[i - 1] * oneMinusTwoGOverN / i;
        }

        var v0 = new double[powerCount];
        var v1 = new double[powerCount];
        v1[0] = 1.0;
        int v0Start = 0;
        int v1Start = 0;
        int exponent = 0;

        (int j1, int j2) = PomeranzBounds(0, n, ll, ceilF, roundF);
        for (int i = 1; i < (2 * n) + 2; i++)
        {
            int k1 = j1;
            (v0, v1) = (v1, v0);
            (v0Start, v1Start) = (v1Start, v0Start);
            Array.Clear(v1);
            (j1, j2) = PomeranzBounds(i, n, ll, ceilF, roundF);
            double[] powers = (i == 1 || i == (2 * n) + 1) ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower);
            int length = j2 - k1 + 1;
            if (length > 0)
            {
                int from = k1 - v0Start;
                int available = Math.Min(length, powerCount - from);
                int convStart = j1 - k1;
                int convLength = j2 - j1 + 1;
                double max = 0.0;
                for (int idx = 0; idx < convLength; idx++)
                {
                    // Full convolution of v0[from .. from + length) with powers[0 .. length), element convStart + idx.
                    int target = convStart + idx;
                    double sum = 0.0;
                    int lo = Math.Max(0, target - (length - 1));
                    int hi = Math.Min(available - 1, target);
                    for (int a = lo; a <= hi; a++)
                    {
                        sum += v0[from + a] * powers[target - a];
                    }

                    v1[idx] = sum;
                    max = Math.Max(max, sum);
                }

                if (max > 0 && max < s_scaleDown)
                {
                    for (int idx = 0; idx < v1.Length; idx++)
                    {
                        v1[idx] *= s_scaleUp;
                    }

                    exponent -= ScaleExponent;
                }

                v1Start = v0Start + j1 - k1;
            }
        }

        double answer = v1[n - v1Start];
        for (int m = 1; m <= n; m++)
        {
            if (Math.Abs(answer) > s_scaleUp)
            {
                answer *= s_scaleDown;
                exponent += ScaleExponent;
            }

            answer *= m;
        }

        if (exponent != 0)
        {
            answer = Math.ScaleB(answer, exponent);
        }

        return Math.Clamp(answer, 0.0, 1.0);
    }

    /// <summary>The Pelz-Good (1976) asymptotic approximation of P(D_n &lt;= x).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        const double PiSquared = Math.PI * Math.PI;
        const double PiFour = PiSquared * PiSquared;
        const double PiSix = PiFour * PiSquared;
        double sqrt2Pi = Math.Sqrt(2 * Math.PI);

        double z = Math.Sqrt(n) * x;
        double z2 = z * z;
        double z3 = z2 * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;

        double qLog = -PiSquared / 8 / z2;
        if (qLog < -708)
        {
            return 0.0;
        }

        double q = Math.Exp(qLog);

        double k1a = -z2;
        double k1b = PiSquared / 4;
        double k2a = (6 * z6) + (2 * z4);
        double k2b = ((2 * z4) - (5 * z2)) * PiSquared / 4;
        double k2c = PiFour * (1 - (2 * z2)) / 16;
        double k3d = PiSix * (5 - (30 * z2)) / 64;
        double k3c = PiFour * ((-60 * z2) + (212 * z4)) / 16;
        double k3b = PiSquared * ((135 * z4) - (96 * z6)) / 4;
        double k3a = (-30 * z6) - (90 * z4 * z4);

        // Horner in q^8k over odd m = 2k - 1: sum_k c(m) q^(m^2).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (int k = maxK; k >= 1; k--)
        {
            double m = (2 * k) - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qPower = Math.Pow(q, 8 * k);
            s0 = (s0 * qPower) + 1.0;
            s1 = (s1 * qPower) + (k1a + (k1b * m2));
            s2 = (s2 * qPower) + (k2a + (k2b * m2) + (k2c * m4));
            s3 = (s3 * qPower) + (k3a + (k3b * m2) + (k3c * m4) + (k3d * m6));
        }

        double scale = q * sqrt2Pi;
        s0 = s0 * scale / z;
        s1 = s1 * scale / (6 * z4);
        s2 = s2 * scale / (72 * z6 * z);
        s3 = s3 * scale / (6480 * z6 * z4);

        double q2 = Math.Exp(-PiSquared / 2 / z2);
        double sqrt3z = Math.Sqrt(3) * z;
        double extra2 = 0.0;
        double extra3 = 0.0;
        for (int k = maxK; k >= 1; k--)
        {
            double kk = (double)k * k;
            double qk = Math.Pow(q2, kk);
            double kPi = Math.PI * k;
            extra2 += kk * qk;
            extra3 += (sqrt3z + kPi) * (sqrt3z - kPi) * kk * qk;
        }

        s2 += extra2 * PiSquared * sqrt2Pi / (-36 * z3);
        s3 += extra3 * PiSquared * sqrt2Pi / (216 * z6);

        double sqrtN = Math.Sqrt(n);
        return s0 + (s1 / sqrtN) + (s2 / n) + (s3 / (n * sqrtN));
    }

    private static (int Start, int End) PomeranzBounds(int i, int n, int ll, int ceilF, int roundF)
    {
        int j1;
        int j2;
        if (i == 0)
        {
            j1 = -ll - ceilF - 1;
            j2 = ll + ceilF - 1;
        }
        else
        {
            int half = (i + 1) / 2;
            if ((i + 1) % 2 == 0)
            {
                if (half == n + 1)
                {
                    j1 = n - ll - ceilF - 1;
                    j2 = n + ll + ceilF - 1;
                }
                else
                {
                    j1 = half - 1 - ll - roundF - 1;
                    j2 = half + ll - 1 + ceilF - 1;
                }
            }
            else
            {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundF - 1;
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    private static void Multiply(double[] a, double[] b, double[] destination, int m)
    {
        Array.Clear(destination);
        for (int i = 0; i < m; i++)
        {
            for (int l = 0; l < m; l++)
            {
                double ail = a[(i * m) + l];
                if (ail == 0.0)
                {
                    continue;
                }

                for (int j = 0; j < m; j++)
                {
                    destination[(i * m) + j] += ail * b[(l * m) + j];
                }
            }
        }
    }

    /// <summary>log(1 + x) accurate for small x (the BCL's LogP1 computes log(x + 1) naively).</summary>
    internal static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    private static double Select(double cdfProb, double sfProb, bool cdf) => Math.Clamp(cdf ? cdfProb : sfProb, 0.0, 1.0);
}
