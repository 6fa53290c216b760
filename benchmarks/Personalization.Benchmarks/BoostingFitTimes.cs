using System.Diagnostics;
using System.Globalization;
using Personalization.Uplift.Learners;

namespace Personalization.Benchmarks;

/// <summary>
/// Gradient boosting fit time and training R² on the issue-20 shapes (200,000 × 8 binary outcome,
/// 1,000,000 × 16 continuous outcome; 100 trees, learning rate 0.1, depth 3, min leaf 100, L2 1,
/// 255 bins), median of three fits. Not a BenchmarkDotNet job: run with <c>-- gbm [rows-scale]</c>.
/// </summary>
internal static class BoostingFitTimes
{
    public static int Run(string[] args)
    {
        double scale = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        Console.WriteLine("| shape | fit s (median of 3) | CPU s (median of 3) | training R² |");
        Console.WriteLine("|---|---:|---:|---:|");
        Measure((int)(200_000 * scale), 8, binary: true);
        Measure((int)(1_000_000 * scale), 16, binary: false);
        return 0;
    }

    /// <summary>x ~ N(0, 1); f = sin(x0) + x1·x2 + |x3| + 0.5·x4 (more columns are noise); y = f + N(0, 1), or Bernoulli(σ(f − 1)).</summary>
    internal static (FeatureMatrix<double> X, double[] Y) Data(int n, int d, bool binary, int seed = 7)
    {
        var rng = new Random(seed);
        var x = new double[n * d];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                x[(i * d) + j] = Normal(rng);
            }

            double f = Math.Sin(x[i * d]) + (x[(i * d) + 1] * x[(i * d) + 2]) + Math.Abs(x[(i * d) + 3]) + (0.5 * x[(i * d) + 4]);
            y[i] = binary ? (rng.NextDouble() < 1 / (1 + Math.Exp(1 - f)) ? 1 : 0) : f + Normal(rng);
        }

        return (FeatureMatrix<double>.FromOwnedArray(x, n, d), y);
    }

    private static void Measure(int n, int d, bool binary)
    {
        (FeatureMatrix<double> x, double[] y) = Data(n, d, binary);
        var booster = new GradientBoosting(new GradientBoostingOptions
        {
            Objective = binary ? GradientBoostingObjective.Logistic : GradientBoostingObjective.SquaredError,
        });
        var seconds = new double[3];
        var cpu = new double[3];
        GradientBoostingModel model = null!;
        using var process = Process.GetCurrentProcess();
        for (int k = 0; k < 3; k++)
        {
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            model = booster.Fit(x, y);
            seconds[k] = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[k] = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        }

        Array.Sort(seconds);
        Array.Sort(cpu);
        var p = new double[n];
        model.Predict(x, p);
        double mean = y.Average(), ss = 0, sr = 0;
        for (int i = 0; i < n; i++)
        {
            ss += (y[i] - mean) * (y[i] - mean);
            sr += (y[i] - p[i]) * (y[i] - p[i]);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} x {d} {(binary ? "binary" : "continuous")} | {seconds[1]:F3} | {cpu[1]:F3} | {1 - (sr / ss):F6} |"));
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
