using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Personalization.Uplift.Learners;

namespace Personalization.Benchmarks;

/// <summary>
/// Issue 20's in-process peer: our <see cref="GradientBoosting"/> against LightGBM (ML.NET's LightGbm
/// trainer) with the same settings (100 trees, learning rate 0.1, depth 3 / 8 leaves, min leaf 100,
/// L2 1, 255 bins, two threads) on the same generated rows, fit only. Each fit takes seconds, so the
/// job is a monitoring run of three measured fits after one warm-up. The training R² of both is
/// printed at cleanup (it must agree to 1e-3). Run with <c>--filter *BoostingBenchmarks*</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BoostingBenchmarks
{
    private FeatureMatrix<double> _x = null!;
    private double[] _y = [];
    private bool _binary;
    private GradientBoosting _booster = null!;
    private LightGbmPeer _peer = null!;
    private GradientBoostingModel? _ours;
    private ITransformer? _lightGbm;

    /// <summary>Gets or sets the data shape: rows x columns and outcome.</summary>
    [Params("200000x8 binary", "1000000x16 continuous")]
    public string Shape { get; set; } = "200000x8 binary";

    /// <summary>Generates the rows and loads them for both learners.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split(' ');
        string[] size = parts[0].Split('x');
        _binary = parts[1] == "binary";
        (_x, _y) = BoostingFitTimes.Data(int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture), _binary);
        _booster = BoostingFitTimes.Booster(_binary);
        _peer = new LightGbmPeer(_x, _y, _binary);
    }

    /// <summary>Prints the training R² of the last fit of each learner.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_ours is not null)
        {
            var p = new double[_x.RowCount];
            _ours.Predict(_x, p);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {Shape}: training R² ours {BoostingFitTimes.RSquared(_y, p):F6}"));
        }

        if (_lightGbm is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {Shape}: training R² LightGBM {_peer.TrainingRSquared(_lightGbm, _y):F6}"));
        }
    }

    /// <summary>Our gradient boosting fit.</summary>
    [Benchmark]
    public int Ours()
    {
        _ours = _booster.Fit(_x, _y);
        return _ours.NodeCount;
    }

    /// <summary>LightGBM's fit through ML.NET, two threads.</summary>
    [Benchmark(Baseline = true)]
    public object LightGbm()
    {
        _lightGbm = _peer.Fit();
        return _lightGbm;
    }
}
