namespace Personalization.Uplift.Tests;

/// <summary>Seeded synthetic uplift data with a known effect per arm.</summary>
public static class Synthetic
{
    /// <summary>
    /// x0, x1 ~ U(-1, 1), x2 ~ N(0, 1) noise feature. Arms 0..m assigned uniformly. Binary outcome:
    /// P(y = 1) = 0.3 + 0.1 x1 + τ<sub>a</sub>(x), τ<sub>a</sub>(x) = 0.1 · a · x0 (0 for control).
    /// Continuous outcome: y = 1 + x1 + 2 · a · x0 + N(0, 0.5).
    /// </summary>
    public static UpliftData Make(int n, int arms, int seed, bool binary = true)
    {
        var rng = new Random(seed);
        var x = new double[n * 3];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x0 = (rng.NextDouble() * 2) - 1, x1 = (rng.NextDouble() * 2) - 1;
            x[i * 3] = x0;
            x[(i * 3) + 1] = x1;
            x[(i * 3) + 2] = Normal(rng);
            t[i] = i % (arms + 1);
            if (binary)
            {
                double p = 0.3 + (0.1 * x1) + TrueEffect(x0, t[i]);
                y[i] = rng.NextDouble() < p ? 1 : 0;
            }
            else
            {
                y[i] = 1 + x1 + (2 * t[i] * x0) + (0.5 * Normal(rng));
            }
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 3), t, y);
    }

    public static double TrueEffect(double x0, int arm) => 0.1 * arm * x0;

    public static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double Correlation(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
