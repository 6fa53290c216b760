using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Personalization.Clustering;
using Personalization.Clustering.Internal;

namespace Personalization.Benchmarks;

/// <summary>
/// K-Means kernels on 1,000,000 x 16 float32 blobs, k = 8: one Lloyd iteration (SIMD, all cores)
/// against a naive scalar single-threaded iteration (the baseline), K-Means++ seeding, and predict.
/// </summary>
[MemoryDiagnoser]
public class KMeansBenchmarks
{
    private const int Rows = 1_000_000;
    private const int Dimensions = 16;
    private const int Clusters = 8;
    private float[] _data = [];
    private float[] _start = [];
    private float[] _next = [];
    private int[] _labels = [];
    private double[] _sums = [];
    private double[] _counts = [];
    private FeatureMatrix<float> _matrix = null!;
    private KMeansEngine<float> _engine = null!;
    private KMeansModel<float> _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkData.Blobs(Rows, Dimensions, Clusters, 42);
        _matrix = FeatureMatrix<float>.FromOwnedArray(_data, Rows, Dimensions);
        _start = _data.AsSpan(0, Clusters * Dimensions).ToArray();
        _next = new float[Clusters * Dimensions];
        _labels = new int[Rows];
        _sums = new double[Clusters * Dimensions];
        _counts = new double[Clusters];
        _engine = new KMeansEngine<float>(_matrix.AsMemory(), Rows, Dimensions, Clusters, null, Environment.ProcessorCount);
        _model = new KMeans(new KMeansOptions { ClusterCount = Clusters, Seed = 1 }).Fit(_matrix);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>A naive Lloyd iteration: direct distances, scalar, one thread.</summary>
    [Benchmark(Baseline = true)]
    public double LloydIterationScalar()
    {
        Array.Clear(_sums);
        Array.Clear(_counts);
        for (int r = 0; r < Rows; r++)
        {
            int best = 0;
            float bestDistance = float.PositiveInfinity;
            for (int c = 0; c < Clusters; c++)
            {
                float sum = 0;
                for (int j = 0; j < Dimensions; j++)
                {
                    float d = _data[(r * Dimensions) + j] - _start[(c * Dimensions) + j];
                    sum += d * d;
                }

                if (sum < bestDistance)
                {
                    bestDistance = sum;
                    best = c;
                }
            }

            _labels[r] = best;
            _counts[best]++;
            for (int j = 0; j < Dimensions; j++)
            {
                _sums[(best * Dimensions) + j] += _data[(r * Dimensions) + j];
            }
        }

        return _sums[0] / _counts[0];
    }

    /// <summary>One fused SIMD Lloyd iteration on all cores (assignment, accumulation, reduction, update).</summary>
    [Benchmark]
    public double LloydIterationSimd() => _engine.StepOnce(_start, _next);

    /// <summary>Greedy K-Means++ seeding (2 + ln 8 = 4 local trials per step).</summary>
    [Benchmark]
    public float KMeansPlusPlusInit() => _engine.SeedPlusPlus(new Random(7), CancellationToken.None)[0];

    /// <summary>K-Means|| seeding (5 rounds of about 2k samples, then weighted K-Means++ on the samples).</summary>
    [Benchmark]
    public float KMeansParallelInit() => _engine.SeedParallel(new Random(7), CancellationToken.None)[0];

    /// <summary>Predict 1M rows with the NaN/Infinity check fused in.</summary>
    [Benchmark]
    public int Predict()
    {
        _model.Predict(_matrix, _labels);
        return _labels[Rows - 1];
    }
}

/// <summary>
/// A full K-Means fit to convergence on 1,000,000 x 16 float32 blobs, k = 8, K-Means++ start,
/// one restart, tolerance 1e-4: ours (Lloyd and Hamerly) against ML.NET's KMeansTrainer.
/// The inertia of each fitted model is printed once in the setup (see the log).
/// </summary>
[MemoryDiagnoser]
public class KMeansFitBenchmarks
{
    private const int Rows = 1_000_000;
    private const int Dimensions = 16;
    private const int Clusters = 8;
    private FeatureMatrix<float> _matrix = null!;
    private MLContext _ml = null!;
    private IDataView _view = null!;

    [GlobalSetup]
    public void Setup()
    {
        float[] data = BenchmarkData.Blobs(Rows, Dimensions, Clusters, 42);
        _matrix = FeatureMatrix<float>.FromOwnedArray(data, Rows, Dimensions);
        _ml = new MLContext(seed: 1);
        var rows = new List<Row>(Rows);
        for (int r = 0; r < Rows; r++)
        {
            rows.Add(new Row { Features = data.AsSpan(r * Dimensions, Dimensions).ToArray() });
        }

        _view = _ml.Data.Cache(_ml.Data.LoadFromEnumerable(rows));
        KMeansModel<float> ours = FitOurs(KMeansAlgorithm.Lloyd);
        KMeansModel<float> ham = FitOurs(KMeansAlgorithm.Hamerly);
        var ml = FitMlNet();
        VBuffer<float>[]? centroids = null;
        ml.Model.GetClusterCentroids(ref centroids, out int k);
        var flat = new float[k * Dimensions];
        for (int c = 0; c < k; c++)
        {
            centroids![c].DenseValues().ToArray().CopyTo(flat, c * Dimensions);
        }

        Console.WriteLine($"// INERTIA ours-lloyd={ours.Inertia:R} (iterations {ours.Iterations}) ours-hamerly={ham.Inertia:R} (iterations {ham.Iterations}) mlnet={InertiaOf(flat, k):R}");
    }

    [Benchmark(Baseline = true)]
    public object MlNetKMeansTrainer() => FitMlNet();

    [Benchmark]
    public double OursLloyd() => FitOurs(KMeansAlgorithm.Lloyd).Inertia;

    [Benchmark]
    public double OursHamerly() => FitOurs(KMeansAlgorithm.Hamerly).Inertia;

    /// <summary>The inertia of arbitrary centroids on the data, by brute force in double.</summary>
    private double InertiaOf(float[] centroids, int k)
    {
        double inertia = 0;
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> x = _matrix.Row(r);
            double best = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int j = 0; j < Dimensions; j++)
                {
                    double d = x[j] - centroids[(c * Dimensions) + j];
                    s += d * d;
                }

                best = Math.Min(best, s);
            }

            inertia += best;
        }

        return inertia;
    }

    private KMeansModel<float> FitOurs(KMeansAlgorithm algorithm) =>
        new KMeans(new KMeansOptions { ClusterCount = Clusters, Seed = 1, Tolerance = 1e-4, Algorithm = algorithm }).Fit(_matrix);

    private ClusteringPredictionTransformer<KMeansModelParameters> FitMlNet()
    {
        var options = new KMeansTrainer.Options
        {
            NumberOfClusters = Clusters,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            OptimizationTolerance = 1e-4f,
            MaximumNumberOfIterations = 300,
            FeatureColumnName = nameof(Row.Features),
        };
        return _ml.Clustering.Trainers.KMeans(options).Fit(_view);
    }

    private sealed class Row
    {
        [VectorType(Dimensions)]
        public float[] Features { get; set; } = [];
    }
}

/// <summary>One fused Lloyd iteration at other shapes: k = 64 and d = 64 (float32), and float64 at k = 8, d = 16.</summary>
[MemoryDiagnoser]
public class KMeansShapeBenchmarks
{
    private KMeansEngine<float>? _floatEngine;
    private KMeansEngine<double>? _doubleEngine;
    private float[] _floatStart = [];
    private float[] _floatNext = [];
    private double[] _doubleStart = [];
    private double[] _doubleNext = [];

    /// <summary>Gets or sets the shape: element type, d and k.</summary>
    [Params("float32 d=16 k=64", "float32 d=64 k=8", "float32 d=64 k=64", "float64 d=16 k=8")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split(' ');
        int d = int.Parse(parts[1][2..], System.Globalization.CultureInfo.InvariantCulture);
        int k = int.Parse(parts[2][2..], System.Globalization.CultureInfo.InvariantCulture);
        const int rows = 1_000_000;
        float[] data = BenchmarkData.Blobs(rows, d, k, 42);
        if (parts[0] == "float32")
        {
            _floatEngine = new KMeansEngine<float>(data, rows, d, k, null, Environment.ProcessorCount);
            _floatStart = data.AsSpan(0, k * d).ToArray();
            _floatNext = new float[k * d];
        }
        else
        {
            double[] wide = Array.ConvertAll(data, v => (double)v);
            _doubleEngine = new KMeansEngine<double>(wide, rows, d, k, null, Environment.ProcessorCount);
            _doubleStart = wide.AsSpan(0, k * d).ToArray();
            _doubleNext = new double[k * d];
        }
    }

    [Benchmark]
    public double LloydIteration() => _floatEngine is not null ? _floatEngine.StepOnce(_floatStart, _floatNext) : _doubleEngine!.StepOnce(_doubleStart, _doubleNext);
}
