namespace Personalization.Uplift.Tests;

/// <summary>
/// The four simulation setups of Nie &amp; Wager, "Quasi-oracle estimation of heterogeneous treatment
/// effects" (Biometrika 108(2), 2021, section 6), written from the paper's formulas, plus a binary
/// randomized e-mail test. Y = b(X) + (W − 0.5)·τ(X) + σε, W ~ Bernoulli(e(X)), ε ~ N(0, 1).
/// </summary>
/// <remarks>
/// A: X ~ U(0, 1)^p, b = sin(π x1 x2) + 2(x3 − 0.5)² + x4 + 0.5 x5, e = trim<sub>0.1</sub>(sin(π x1 x2)), τ = (x1 + x2)/2.
/// B: X ~ N(0, I), b = max(0, x1 + x2, x3) + max(0, x4 + x5), e = 1/2, τ = x1 + log(1 + e^x2).
/// C: X ~ N(0, I), b = 2 log(1 + e^(x1 + x2 + x3)), e = 1/(1 + e^(x2 + x3)), τ = 1.
/// D: X ~ N(0, I), b = (max(0, x1 + x2 + x3) + max(0, x4 + x5))/2, e = 1/(1 + e^−x1 + e^−x2),
/// τ = max(0, x1 + x2 + x3) − max(0, x4 + x5).
/// Binary (a randomized e-mail test, e = 1/2, X ~ U(0, 1)^p): visit rate
/// P(y = 1 | control) = 0.03 + 0.15 x1 x2 (3-18%), uplift τ = 0.08 x3 (0-8 points).
/// Shared by the PEHE tests and the benchmark runner, which writes the same rows for the
/// scikit-learn script.
/// </remarks>
public static class NieWager
{
    /// <summary>A generated sample: the data, each row's true effect and true propensity.</summary>
    public sealed record Sample(UpliftData Data, double[] Effect, double[] Propensity);

    /// <summary>Generates <paramref name="n"/> rows of a setup ('A'-'D' or 'E' for the binary test).</summary>
    public static Sample Make(char setup, int n, int seed, int p = 8, double sigma = 1)
    {
        if (p < 5)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The setups use five features; p must be at least 5.");
        }

        var rng = new Random(seed);
        var x = new double[n * p];
        var t = new int[n];
        var y = new double[n];
        var tau = new double[n];
        var e = new double[n];
        for (int i = 0; i < n; i++)
        {
            Span<double> row = x.AsSpan(i * p, p);
            bool uniform = setup is 'A' or 'E';
            for (int j = 0; j < p; j++)
            {
                row[j] = uniform ? rng.NextDouble() : Normal(rng);
            }

            double x1 = row[0], x2 = row[1], x3 = row[2], x4 = row[3], x5 = row[4];
            double b;
            switch (setup)
            {
                case 'A':
                    b = Math.Sin(Math.PI * x1 * x2) + (2 * (x3 - 0.5) * (x3 - 0.5)) + x4 + (0.5 * x5);
                    e[i] = Math.Clamp(Math.Sin(Math.PI * x1 * x2), 0.1, 0.9);
                    tau[i] = (x1 + x2) / 2;
                    break;
                case 'B':
                    b = Math.Max(0, Math.Max(x1 + x2, x3)) + Math.Max(0, x4 + x5);
                    e[i] = 0.5;
                    tau[i] = x1 + Math.Log(1 + Math.Exp(x2));
                    break;
                case 'C':
                    b = 2 * Math.Log(1 + Math.Exp(x1 + x2 + x3));
                    e[i] = 1 / (1 + Math.Exp(x2 + x3));
                    tau[i] = 1;
                    break;
                case 'D':
                    b = (Math.Max(0, x1 + x2 + x3) + Math.Max(0, x4 + x5)) / 2;
                    e[i] = 1 / (1 + Math.Exp(-x1) + Math.Exp(-x2));
                    tau[i] = Math.Max(0, x1 + x2 + x3) - Math.Max(0, x4 + x5);
                    break;
                case 'E':
                    b = 0.03 + (0.15 * x1 * x2);
                    e[i] = 0.5;
                    tau[i] = 0.08 * x3;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(setup), setup, "Setup must be A, B, C, D or E.");
            }

            t[i] = rng.NextDouble() < e[i] ? 1 : 0;
            if (setup == 'E')
            {
                y[i] = rng.NextDouble() < b + (t[i] * tau[i]) ? 1 : 0;
            }
            else
            {
                double noise = Normal(rng);
                y[i] = b + ((t[i] - 0.5) * tau[i]) + (sigma * noise);
            }
        }

        return new Sample(new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, p), t, y), tau, e);
    }

    /// <summary>The first <paramref name="count"/> rows and the rest, as two samples.</summary>
    public static (Sample Train, Sample Test) Split(Sample sample, int count)
    {
        int n = sample.Data.Count;
        int[] first = Enumerable.Range(0, count).ToArray();
        int[] rest = Enumerable.Range(count, n - count).ToArray();
        return (Take(sample, first), Take(sample, rest));
    }

    /// <summary>PEHE: the root mean squared difference of predicted and true effects.</summary>
    public static double Pehe(IUpliftModel model, Sample test)
    {
        var effects = new double[test.Data.Count];
        model.PredictEffects(test.Data.Features, effects);
        double sum = 0;
        for (int i = 0; i < effects.Length; i++)
        {
            double d = effects[i] - test.Effect[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / effects.Length);
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static Sample Take(Sample s, int[] rows)
    {
        ReadOnlySpan<int> t = s.Data.Treatment;
        ReadOnlySpan<double> y = s.Data.Outcome;
        var tt = new int[rows.Length];
        var yy = new double[rows.Length];
        var tau = new double[rows.Length];
        var e = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            tt[i] = t[rows[i]];
            yy[i] = y[rows[i]];
            tau[i] = s.Effect[rows[i]];
            e[i] = s.Propensity[rows[i]];
        }

        return new Sample(new UpliftData(s.Data.Features.SelectRows(rows), tt, yy), tau, e);
    }
}
