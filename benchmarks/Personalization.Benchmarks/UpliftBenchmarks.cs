using System.Globalization;
using BenchmarkDotNet.Attributes;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Benchmarks;

/// <summary>
/// Fit + predict of uplift meta-learners on the full Hillstrom data (64,000 rows, 12 features,
/// three arms: No E-Mail, Mens, Womens; target visit). Baseline: T-learner with ridge regression.
/// </summary>
[MemoryDiagnoser]
public class UpliftBenchmarks
{
    private UpliftData _data = null!;
    private double[] _effects = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = LoadHillstrom(BenchmarkData.SharedDataPath("hillstrom.csv"));
        _effects = new double[_data.Count * _data.ArmCount];
    }

    [Benchmark(Baseline = true, Description = "T-learner, ridge (linear baseline)")]
    public double TLearnerRidge() => FitPredict(new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }));

    [Benchmark(Description = "T-learner, logistic regression")]
    public double TLearnerLogistic() => FitPredict(new TLearner(new TLearnerOptions { Learner = new LogisticRegression() }));

    [Benchmark(Description = "T-learner, gradient boosting")]
    public double TLearnerBoosting() => FitPredict(new TLearner());

    [Benchmark(Description = "X-learner, gradient boosting")]
    public double XLearnerBoosting() => FitPredict(new XLearner());

    private double FitPredict(IUpliftEstimator estimator)
    {
        IUpliftModel model = estimator.Fit(_data);
        model.PredictEffects(_data.Features, _effects);
        return _effects[0];
    }

    /// <summary>Recency, history segment (1-7), history, mens, womens, newbie, zip and channel one-hot.</summary>
    internal static UpliftData LoadHillstrom(string path)
    {
        string[] lines = File.ReadAllLines(path);
        int n = lines.Length - 1, d = 12;
        var x = new double[n * d];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            string line = lines[i + 1];
            int quote = line.IndexOf('"', StringComparison.Ordinal);
            if (quote >= 0)
            {
                int close = line.IndexOf('"', quote + 1);
                line = string.Concat(line.AsSpan(0, quote), line.AsSpan(quote + 1, close - quote - 1).ToString().Replace(",", string.Empty, StringComparison.Ordinal), line.AsSpan(close + 1));
            }

            string[] f = line.Split(',');
            Span<double> row = x.AsSpan(i * d, d);
            row[0] = double.Parse(f[0], CultureInfo.InvariantCulture);
            row[1] = f[1][0] - '0';
            row[2] = double.Parse(f[2], CultureInfo.InvariantCulture);
            row[3] = double.Parse(f[3], CultureInfo.InvariantCulture);
            row[4] = double.Parse(f[4], CultureInfo.InvariantCulture);
            row[5] = double.Parse(f[6], CultureInfo.InvariantCulture);
            row[6] = f[5] == "Surburban" ? 1 : 0;
            row[7] = f[5] == "Urban" ? 1 : 0;
            row[8] = f[5] == "Rural" ? 1 : 0;
            row[9] = f[7] == "Web" ? 1 : 0;
            row[10] = f[7] == "Phone" ? 1 : 0;
            row[11] = f[7] == "Multichannel" ? 1 : 0;
            t[i] = f[8] switch { "No E-Mail" => 0, "Mens E-Mail" => 1, _ => 2 };
            y[i] = double.Parse(f[9], CultureInfo.InvariantCulture);
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, d), t, y, ["No E-Mail", "Mens E-Mail", "Womens E-Mail"]);
    }
}
