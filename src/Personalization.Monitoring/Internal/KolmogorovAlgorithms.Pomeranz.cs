namespace Personalization.Monitoring.Internal;

/// <content>Pomeranz's recursion (exact, n up to 140) and the Pelz-Good asymptotic approximation.</content>
internal static partial class KolmogorovAlgorithms
{
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
}
