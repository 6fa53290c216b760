using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>The outcome of one K-Means run from one start.</summary>
internal sealed record KMeansRun<T>(T[] Centroids, int[] Labels, double Inertia, int Iterations, bool Converged)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Validated data plus every scratch buffer a K-Means fit needs, allocated once per fit and reused
/// by every restart and iteration. The rows are split into fixed chunks (their size depends only on
/// the row count); each chunk writes its own partial results and the partials are reduced in chunk
/// order, so the result is identical for any number of threads.
/// </summary>
internal sealed partial class KMeansEngine<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows handed to the nearest-centroid kernel at a time (their sums stay in L1).</summary>
    internal const int BlockRows = 256;

    private readonly ReadOnlyMemory<T> _data;
    private readonly double[]? _weights;
    private readonly ChunkRunner _runner;
    private readonly PackedCentroids<T> _packed;
    private readonly double[] _chunkSums;
    private readonly T[] _chunkLocal;
    private readonly double[] _chunkWeights;
    private readonly int[] _chunkLabelCounts;
    private readonly double[] _chunkScalar;
    private readonly int[] _chunkCounts;
    private readonly double[] _newSums;
    private readonly double[] _clusterWeights;
    private double[]? _rowDistances;
    private double[] _statistics = [];
    private T[] _centroids;
    private int[] _labels;
    private Mode _mode;

    public KMeansEngine(ReadOnlyMemory<T> data, int rows, int columns, int clusters, double[]? weights, int degreeOfParallelism)
    {
        _data = data;
        N = rows;
        D = columns;
        K = clusters;
        _weights = weights;
        ChunkRows = ChunkSize(rows);
        ChunkCount = (rows + ChunkRows - 1) / ChunkRows;
        _runner = new ChunkRunner(EffectiveThreads(degreeOfParallelism, rows, columns, clusters));
        _packed = new PackedCentroids<T>(clusters, columns);
        // Per-chunk scratch regions are padded apart by at least a cache line: adjacent chunks run on
        // different threads at the same time, and rows update these regions.
        SumStride = Stride(clusters * columns, sizeof(double));
        _chunkSums = new double[ChunkCount * SumStride];
        LocalCopies = (long)clusters * columns <= MaxCopiedSums ? 4 : 1;
        LocalStride = Stride(LocalCopies * clusters * columns, Unsafe.SizeOf<T>());
        _chunkLocal = new T[ChunkCount * LocalStride];
        CountStride = Stride(LocalCopies * clusters, sizeof(int));
        _chunkLabelCounts = new int[ChunkCount * CountStride];
        WeightStride = Stride(clusters, sizeof(double));
        StatisticsStride = Stride(2 * columns, sizeof(double));
        _chunkWeights = new double[ChunkCount * WeightStride];
        _chunkScalar = new double[ChunkCount];
        _chunkCounts = new int[ChunkCount];
        _newSums = new double[clusters * columns];
        _clusterWeights = new double[clusters];
        _centroids = new T[clusters * columns];
        _labels = new int[rows];
    }

    private enum Mode
    {
        Lloyd,
        FinalAssign,
        DistanceToAssigned,
        Statistics,
        SeedFirst,
        SeedCandidates,
        ParallelSample,
        ParallelUpdate,
        ParallelWeights,
        Hamerly,
    }

    /// <summary>Small centroid tables (k * d at most this) keep four copies of the per-block sums.</summary>
    internal const int MaxCopiedSums = 2048;

    /// <summary>Gets the number of copies of the per-block sums (4 for small k * d, else 1): see <see cref="LloydChunk"/>.</summary>
    public int LocalCopies { get; }

    /// <summary>Gets the distance between chunk regions of <c>_chunkSums</c>, in elements.</summary>
    private int SumStride { get; }

    /// <summary>Gets the distance between chunk regions of <c>_chunkLocal</c>, in elements.</summary>
    private int LocalStride { get; }

    /// <summary>Gets the distance between chunk regions of <c>_chunkLabelCounts</c>, in elements.</summary>
    private int CountStride { get; }

    /// <summary>Gets the distance between chunk regions of <c>_chunkWeights</c>, in elements.</summary>
    private int WeightStride { get; }

    /// <summary>Gets the distance between chunk regions (mean, then M2) of <c>_statistics</c>, in elements.</summary>
    private int StatisticsStride { get; }

    public int N { get; }

    public int D { get; }

    public int K { get; }

    public int ChunkRows { get; }

    public int ChunkCount { get; }

    /// <summary>Gets the sum over rows of w * ||x||^2 (set by <see cref="ComputeStatistics"/>).</summary>
    public double WeightedSquaredNorm { get; private set; }

    /// <summary>Gets the mean over columns of the unweighted population variance (set by <see cref="ComputeStatistics"/>).</summary>
    public double MeanVariance { get; private set; }

    /// <summary>Passes smaller than this many row-features (scaled by k / 8) run on the caller's thread: helpers would cost more than they save.</summary>
    internal const long ParallelWorkThreshold = 1 << 20;

    /// <summary>Returns the thread count worth using for a pass over <paramref name="rows"/> x <paramref name="columns"/> with k clusters.</summary>
    public static int EffectiveThreads(int degreeOfParallelism, int rows, int columns, int clusters)
    {
        long work = (long)rows * columns * Math.Max(1, clusters / 8);
        return work < ParallelWorkThreshold ? 1 : Math.Max(1, degreeOfParallelism);
    }

    /// <summary>Returns the chunk size for <paramref name="rows"/> rows: at most 64 chunks, at least 2048 rows each.</summary>
    public static int ChunkSize(int rows) => Math.Max(2048, (rows + 63) / 64);

    public void Dispose() => _runner.Dispose();

    /// <summary>Returns a region length (in elements) that holds <paramref name="count"/> elements and leaves a cache line free after them.</summary>
    private static int Stride(int count, int elementSize) => (((count * elementSize) + 127) / 64 * 64) / elementSize;

    public void Execute(int chunk)
    {
        switch (_mode)
        {
            case Mode.Lloyd:
                LloydChunk(chunk);
                break;
            case Mode.FinalAssign:
                FinalAssignChunk(chunk);
                break;
            case Mode.DistanceToAssigned:
                DistanceToAssignedChunk(chunk);
                break;
            case Mode.Statistics:
                StatisticsChunk(chunk);
                break;
            case Mode.SeedFirst:
                SeedFirstChunk(chunk);
                break;
            case Mode.SeedCandidates:
                SeedCandidatesChunk(chunk);
                break;
            case Mode.ParallelSample:
                ParallelSampleChunk(chunk);
                break;
            case Mode.ParallelUpdate:
                ParallelUpdateChunk(chunk);
                break;
            case Mode.ParallelWeights:
                ParallelWeightsChunk(chunk);
                break;
            case Mode.Hamerly:
                HamerlyChunk(chunk);
                break;
            default:
                throw new InvalidOperationException("Unknown mode.");
        }
    }

    private void RunPass(Mode mode)
    {
        _mode = mode;
        _runner.Run(new ModePass(this), ChunkCount);
    }

    private readonly struct ModePass(KMeansEngine<T> engine) : IChunkPass
    {
        public void Execute(int chunk) => engine.Execute(chunk);
    }

    private (int Start, int End) Range(int chunk)
    {
        int start = chunk * ChunkRows;
        return (start, Math.Min(N, start + ChunkRows));
    }

    private double Weight(int row) => _weights is null ? 1.0 : _weights[row];

    /// <summary>Computes the mean column variance (for the tolerance) and the weighted squared norm, in one pass.</summary>
    public void ComputeStatistics()
    {
        if (_statistics.Length == 0)
        {
            _statistics = new double[ChunkCount * StatisticsStride];
        }

        RunPass(Mode.Statistics);

        // Chan et al. pairwise merge of (count, mean, M2) per column, in chunk order.
        double total = 0;
        var mean = new double[D];
        var m2 = new double[D];
        double norm = 0;
        for (int c = 0; c < ChunkCount; c++)
        {
            (int start, int end) = Range(c);
            double count = end - start;
            ReadOnlySpan<double> chunkMean = _statistics.AsSpan(c * StatisticsStride, D);
            ReadOnlySpan<double> chunkM2 = _statistics.AsSpan((c * StatisticsStride) + D, D);
            double newTotal = total + count;
            for (int j = 0; j < D; j++)
            {
                double delta = chunkMean[j] - mean[j];
                mean[j] += delta * count / newTotal;
                m2[j] += chunkM2[j] + (delta * delta * total * count / newTotal);
            }

            total = newTotal;
            norm += _chunkScalar[c];
        }

        double variance = 0;
        for (int j = 0; j < D; j++)
        {
            variance += m2[j] / N;
        }

        MeanVariance = variance / D;
        WeightedSquaredNorm = norm;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StatisticsChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        ReadOnlySpan<T> data = _data.Span;
        int baseIndex = chunk * StatisticsStride;
        Span<double> m = _statistics.AsSpan(baseIndex, D);
        Span<double> m2 = _statistics.AsSpan(baseIndex + D, D);
        m.Clear();
        m2.Clear();
        // Sums and squared sums of (x - shift) with the chunk's first row as shift: no division per
        // value and no catastrophic cancellation for data far from the origin.
        ReadOnlySpan<T> shift = RowOf(data, start);
        double norm = 0;
        for (int r = start; r < end; r++)
        {
            ReadOnlySpan<T> x = RowOf(data, r);
            double rowNorm = 0;
            for (int j = 0; j < D; j++)
            {
                double v = double.CreateTruncating(x[j]);
                double delta = v - double.CreateTruncating(shift[j]);
                m[j] += delta;
                m2[j] += delta * delta;
                rowNorm += v * v;
            }

            norm += Weight(r) * rowNorm;
        }

        double count = end - start;
        for (int j = 0; j < D; j++)
        {
            double sum = m[j];
            m[j] = double.CreateTruncating(shift[j]) + (sum / count);
            m2[j] = Math.Max(0, m2[j] - (sum * sum / count));
        }

        _chunkScalar[chunk] = norm;
    }

    /// <summary>Gets the labels of the last pass.</summary>
    public int[] Labels => _labels;

    /// <summary>Gets the current centroids (row-major).</summary>
    public T[] Centroids => _centroids;

    private ReadOnlySpan<T> RowOf(ReadOnlySpan<T> data, int row) => data.Slice(row * D, D);

    private static ref T RefAt(ReadOnlySpan<T> data, int index) => ref Unsafe.Add(ref MemoryMarshal.GetReference(data), index);
}
