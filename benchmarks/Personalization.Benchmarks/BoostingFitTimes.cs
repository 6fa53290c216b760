using System.Diagnostics;
using System.Globalization;
using Personalization.Uplift.Learners;

namespace Personalization.Benchmarks;

/// <summary>
/// Gradient boosting fit time and training R² on the issue-20 shapes (200,000 × 8 binary outcome,
/// 1,000,000 × 16 continuous outcome; 100 trees, learning rate 0.1, depth 3, min leaf 100, L2 1,
/// 255 bins, two threads), ours and LightGBM (ML.NET) on the same data, median of three fits. Not a
/// BenchmarkDotNet job: run with <c>-- gbm [rows-scale]</c> or <c>-- gbm rows</c>; the BenchmarkDotNet peer is <see cref="BoostingBenchmarks"/>.
/// </summary>
internal static class BoostingFitTimes
{
    /// <summary>
    /// <c>gbm [rows-scale]</c>: both issue-20 shapes; <c>gbm rows</c>: 20,000, 200,000 and 2,000,000 × 8
    /// binary (linear growth);
    /// <c>gbm shape ROWS COLUMNS binary|continuous [ours]</c>: one shape (<c>ours</c>: without LightGBM). Each row of the table: ours and LightGBM (ML.NET, two threads) on the same data.
    /// </summary>
    public static int Run(string[] args)
    {
        Console.WriteLine("| shape | ours: wall s / CPU s | LightGBM: wall s / CPU s | ours / LightGBM (wall) | R² ours | R² LightGBM |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        if (args.Length > 1 && args[1] == "rows")
        {
            foreach (int n in (int[])[20_000, 200_000, 2_000_000])
            {
                Measure(n, 8, binary: true);
            }

            return 0;
        }

        if (args.Length > 4 && args[1] == "shape")
        {
            Measure(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), args[4] == "binary", peer: !(args.Length > 5 && args[5] == "ours"));
            return 0;
        }

        double scale = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        Measure((int)(200_000 * scale), 8, binary: true);
        Measure((int)(1_000_000 * scale), 16, binary: false);
        return 0;
    }

    /// <summary>The issue-20 settings with two threads.</summary>
    internal static GradientBoosting Booster(bool binary) => new(new GradientBoostingOptions
    {
        Objective = binary ? GradientBoostingObjective.Logistic : GradientBoostingObjective.SquaredError,
        TreeCount = 100,
        LearningRate = 0.1,
        MaxDepth = 3,
        MinSamplesLeaf = 100,
        L2Regularization = 1,
        MaxBins = 255,
        MaxDegreeOfParallelism = 2,
    });

    /// <summary>1 − Σ(y − p)² / Σ(y − ȳ)².</summary>
    internal static double RSquared(double[] y, double[] p)
    {
        double mean = y.Average(), ss = 0, sr = 0;
        for (int i = 0; i < y.Length; i++)
        {
            ss += (y[i] - mean) * (y[i] - mean);
            sr += (y[i] - p[i]) * (y[i] - p[i]);
        }

        return 1 - (sr / ss);
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

    private static void Measure(int n, int d, bool binary, bool peer = true)
    {
        (FeatureMatrix<double> x, double[] y) = Data(n, d, binary);
        GradientBoosting booster = Booster(binary);
        GradientBoostingModel model = null!;
        (double oursWall, double oursCpu) = Median3(() => model = booster.Fit(x, y));
        var p = new double[n];
        model.Predict(x, p);
        double oursR2 = RSquared(y, p);

        double peerWall = double.NaN, peerCpu = double.NaN, peerR2 = double.NaN;
        if (peer)
        {
            var lightGbm = new LightGbmPeer(x, y, binary);
            Microsoft.ML.ITransformer fitted = null!;
            (peerWall, peerCpu) = Median3(() => fitted = lightGbm.Fit());
            peerR2 = lightGbm.TrainingRSquared(fitted, y);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} x {d} {(binary ? "binary" : "continuous")} | {oursWall:F3} / {oursCpu:F3} | {peerWall:F3} / {peerCpu:F3} | {oursWall / peerWall:F2} | {oursR2:F6} | {peerR2:F6} |"));
    }

    /// <summary>Median wall and process CPU seconds of three runs.</summary>
    private static (double Wall, double Cpu) Median3(Action fit)
    {
        var seconds = new double[3];
        var cpu = new double[3];
        using var process = Process.GetCurrentProcess();
        for (int k = 0; k < 3; k++)
        {
            GC.Collect();
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            fit();
            seconds[k] = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[k] = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        }

        Array.Sort(seconds);
        Array.Sort(cpu);
        return (seconds[1], cpu[1]);
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
