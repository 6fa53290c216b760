namespace Personalization.Monitoring.Internal;

/// <content>Durbin's matrix method for the exact finite-n distribution.</content>
internal static partial class KolmogorovAlgorithms
{
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
}
