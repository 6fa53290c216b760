using System.Numerics;
using System.Runtime.CompilerServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>The outcome of one K-Means run from one start.</summary>
internal sealed record KMeansRun<T>(T[] Centroids, int[] Labels, double Inertia, int Iterations, bool Converged)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The K-Means driver: validated data plus every scratch buffer a fit needs, allocated once per fit and
/// reused by every restart and iteration, and the loop of passes. Each pass is a small operator struct
/// (<see cref="AssignAccumulatePass{T}"/>, <see cref="HamerlyPass{T}"/>, <see cref="AssignInertiaPass{T}"/>,
/// <see cref="StatisticsPass{T}"/>, the seeding passes of <see cref="KMeansSeeding{T}"/>) run over fixed
/// row chunks by <see cref="Run{TPass}(in TPass)"/>; each chunk writes its own partial results and the
/// partials are reduced here in chunk order, so the result is identical for any number of threads.
/// </summary>
internal sealed class KMeansEngine<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Small centroid tables (k * d at most this) keep four copies of the per-block sums.</summary>
    internal const int MaxCopiedSums = 2048;

    private readonly ChunkRunner _runner;
    private readonly double[] _newSums;
    private readonly double[] _clusterWeights;
    private double[]? _rowDistances;
    private HamerlyBounds<T>? _hamerly;
    private KMeansSeeding<T>? _seeding;
    private KMeansParallelSeeding<T>? _parallelSeeding;
    private T[] _centroids;

    public KMeansEngine(ReadOnlyMemory<T> data, int rows, int columns, int clusters, double[]? weights, int degreeOfParallelism)
    {
        Data = data;
        N = rows;
        D = columns;
        K = clusters;
        Weights = weights;
        ChunkRows = KMeansChunking.ChunkSize(rows);
        ChunkCount = ChunkParallel.ChunkCount(rows, ChunkRows);
        _runner = new ChunkRunner(KMeansChunking.EffectiveThreads(degreeOfParallelism, rows, columns, clusters));
        Packed = new PackedCentroids<T>(clusters, columns);

        // Per-chunk scratch regions are padded apart by at least a cache line: adjacent chunks run on
        // different threads at the same time, and rows update these regions.
        SumStride = Stride(clusters * columns, sizeof(double));
        ChunkSums = new double[ChunkCount * SumStride];
        LocalCopies = (long)clusters * columns <= MaxCopiedSums ? 4 : 1;
        LocalStride = Stride(LocalCopies * clusters * columns, Unsafe.SizeOf<T>());
        ChunkLocal = new T[ChunkCount * LocalStride];
        CountStride = Stride(LocalCopies * clusters, sizeof(int));
        ChunkLabelCounts = new int[ChunkCount * CountStride];
        WeightStride = Stride(clusters, sizeof(double));
        ChunkWeights = new double[ChunkCount * WeightStride];
        ChunkScalar = new double[ChunkCount];
        ChunkCounts = new int[ChunkCount];
        _newSums = new double[clusters * columns];
        _clusterWeights = new double[clusters];
        _centroids = new T[clusters * columns];
        Labels = new int[rows];
    }

    /// <summary>Gets the row-major data, N x D.</summary>
    public ReadOnlyMemory<T> Data { get; }

    /// <summary>Gets the sample weights, or null (every weight 1).</summary>
    public double[]? Weights { get; }

    public int N { get; }

    public int D { get; }

    public int K { get; }

    public int ChunkRows { get; }

    public int ChunkCount { get; }

    /// <summary>Gets the current centroids packed for the nearest-centroid kernel.</summary>
    public PackedCentroids<T> Packed { get; }

    /// <summary>Gets the number of copies of the per-block sums (4 for small k * d, else 1): see <see cref="AssignAccumulatePass{T}"/>.</summary>
    public int LocalCopies { get; }

    /// <summary>Gets the per-chunk centroid sums in double (chunk c at c * <see cref="SumStride"/>).</summary>
    public double[] ChunkSums { get; }

    /// <summary>Gets the per-chunk block sums in T, <see cref="LocalCopies"/> copies (chunk c at c * <see cref="LocalStride"/>).</summary>
    public T[] ChunkLocal { get; }

    /// <summary>Gets the per-chunk cluster weights (chunk c at c * <see cref="WeightStride"/>).</summary>
    public double[] ChunkWeights { get; }

    /// <summary>Gets the per-chunk label counts of unweighted passes (chunk c at c * <see cref="CountStride"/>).</summary>
    public int[] ChunkLabelCounts { get; }

    /// <summary>Gets one double per chunk (partial inertia or potential).</summary>
    public double[] ChunkScalar { get; }

    /// <summary>Gets one count per chunk (label changes).</summary>
    public int[] ChunkCounts { get; }

    public int SumStride { get; }

    public int LocalStride { get; }

    public int CountStride { get; }

    public int WeightStride { get; }

    /// <summary>Gets the labels of the last pass.</summary>
    public int[] Labels { get; }

    /// <summary>Gets the current centroids (row-major).</summary>
    public T[] Centroids => _centroids;

    /// <summary>Gets the sum over rows of w * ||x||^2 (set by <see cref="ComputeStatistics"/>).</summary>
    public double WeightedSquaredNorm { get; private set; }

    /// <summary>Gets the mean over columns of the unweighted population variance (set by <see cref="ComputeStatistics"/>).</summary>
    public double MeanVariance { get; private set; }

    /// <summary>Gets whether the last run stopped because the labels did not change.</summary>
    public bool LastRunStrict { get; private set; }

    /// <summary>Gets the number of rows that needed a full assignment in the last Hamerly pass (for tests and docs).</summary>
    public long FullAssignments => _hamerly?.FullAssignments ?? 0;

    /// <summary>Runs <paramref name="pass"/> over every chunk (the one loop of every K-Means pass).</summary>
    public void Run<TPass>(in TPass pass)
        where TPass : struct, IChunkPass =>
        _runner.Run(in pass, ChunkCount);

    /// <summary>Returns rows [start, end) of chunk <paramref name="chunk"/>.</summary>
    public (int Start, int End) Range(int chunk)
    {
        int start = chunk * ChunkRows;
        return (start, Math.Min(N, start + ChunkRows));
    }

    /// <summary>Returns the weight of <paramref name="row"/> (1 without weights).</summary>
    public double Weight(int row) => Weights is null ? 1.0 : Weights[row];

    /// <summary>Returns the sum of <see cref="ChunkScalar"/> in chunk order.</summary>
    public double SumChunkScalars()
    {
        double total = 0;
        for (int c = 0; c < ChunkCount; c++)
        {
            total += ChunkScalar[c];
        }

        return total;
    }

    public void Dispose() => _runner.Dispose();

    /// <summary>Computes the mean column variance (for the tolerance) and the weighted squared norm, in one pass.</summary>
    public void ComputeStatistics()
    {
        (MeanVariance, WeightedSquaredNorm) = StatisticsPass<T>.Compute(this);
    }

    /// <summary>Greedy K-Means++ (scikit-learn's <c>_kmeans_plusplus</c>): returns k row-major centroids.</summary>
    public T[] SeedPlusPlus(Random random, CancellationToken cancellationToken) => Seeding.PlusPlus(random, cancellationToken);

    /// <summary>k distinct rows, uniformly or with probability proportional to weight.</summary>
    public T[] SeedRandom(Random random) => Seeding.RandomRows(random);

    /// <summary>K-Means|| followed by weighted greedy K-Means++ and Lloyd on the sampled rows.</summary>
    public T[] SeedParallel(Random random, CancellationToken cancellationToken) => (_parallelSeeding ??= new KMeansParallelSeeding<T>(this, Seeding)).Seed(random, cancellationToken);

    /// <summary>
    /// Runs Lloyd (or Hamerly) iterations from <paramref name="initial"/> until the labels stop
    /// changing, the centre shift is at most <paramref name="toleranceScaled"/>, or
    /// <paramref name="maxIterations"/> is reached; then assigns every row to the final centroids and
    /// computes the exact inertia. Mirrors scikit-learn's <c>_kmeans_single_lloyd</c>.
    /// </summary>
    public KMeansRun<T> Iterate(ReadOnlySpan<T> initial, int maxIterations, double toleranceScaled, bool hamerly, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        initial.CopyTo(_centroids);
        Labels.AsSpan().Fill(-1);
        HamerlyBounds<T>? bounds = hamerly ? _hamerly ??= new HamerlyBounds<T>(this) : null;
        var newCentroids = new T[K * D];
        bool strict = false;
        bool converged = false;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Packed.Pack(_centroids, K);
            if (bounds is not null)
            {
                bounds.PrepareIteration(_centroids, iteration == 0);
                Run(new HamerlyPass<T>(this, bounds));
            }
            else
            {
                Run(new AssignAccumulatePass<T>(this));
            }

            (int changes, double partial) = ReduceIteration();
            iteration++;
            if (progress is not null)
            {
                double metric = bounds is not null ? partial : Math.Max(0, WeightedSquaredNorm + partial);
                progress.Report(new FitProgress(bounds is not null ? "Hamerly" : "Lloyd", iteration, maxIterations, metric));
            }

            RelocateEmptyClusters();
            double shift = UpdateCentroids(newCentroids);
            (_centroids, newCentroids) = (newCentroids, _centroids);
            bounds?.RecordCentroidMoves(_centroids, newCentroids);
            if (changes == 0)
            {
                strict = true;
                converged = true;
                break;
            }

            if (shift <= toleranceScaled)
            {
                converged = true;
                break;
            }
        }

        double inertia = FinalAssign();
        LastRunStrict = strict;
        return new KMeansRun<T>((T[])_centroids.Clone(), (int[])Labels.Clone(), inertia, iteration, converged);
    }

    /// <summary>
    /// One Lloyd iteration from <paramref name="centroids"/> without moving them: the fused pass, the
    /// chunk-order reduction and the new centroids written to <paramref name="destination"/>. Used by
    /// the benchmarks to time exactly one iteration; returns the total centre shift.
    /// </summary>
    public double StepOnce(ReadOnlySpan<T> centroids, T[] destination)
    {
        centroids.CopyTo(_centroids);
        Packed.Pack(_centroids, K);
        Run(new AssignAccumulatePass<T>(this));
        ReduceIteration();
        RelocateEmptyClusters();
        return UpdateCentroids(destination);
    }

    /// <summary>Assigns every row to its nearest current centroid and returns the exact weighted inertia.</summary>
    public double FinalAssign()
    {
        Packed.Pack(_centroids, K);
        Run(new AssignInertiaPass<T>(Data, N, D, ChunkRows, Weights, _centroids, Packed, Labels, ChunkScalar));
        return SumChunkScalars();
    }

    /// <summary>Adds the chunk sums, weights, label changes and partial inertias in chunk order.</summary>
    private (int Changes, double PartialInertia) ReduceIteration()
    {
        int kd = K * D;
        Span<double> sums = _newSums;
        sums.Clear();
        Span<double> weights = _clusterWeights;
        weights.Clear();
        int changes = 0;
        double partial = 0;
        for (int c = 0; c < ChunkCount; c++)
        {
            ReadOnlySpan<double> chunkSums = ChunkSums.AsSpan(c * SumStride, kd);
            for (int i = 0; i < kd; i++)
            {
                sums[i] += chunkSums[i];
            }

            ReadOnlySpan<double> chunkWeights = ChunkWeights.AsSpan(c * WeightStride, K);
            for (int i = 0; i < K; i++)
            {
                weights[i] += chunkWeights[i];
            }

            changes += ChunkCounts[c];
            partial += ChunkScalar[c];
        }

        return (changes, partial);
    }

    /// <summary>
    /// Re-seeds every empty cluster with the row farthest from its assigned centroid (scikit-learn's
    /// rule): the farthest rows (ties by lower row index) are moved, one per empty cluster, in
    /// increasing cluster order, taking their weight and sum from the cluster they leave.
    /// </summary>
    private void RelocateEmptyClusters()
    {
        if (Array.IndexOf(_clusterWeights, 0.0) < 0)
        {
            return;
        }

        double[] distances = _rowDistances ??= new double[N];
        Run(new DistanceToAssignedPass<T>(Data, D, ChunkRows, N, _centroids, Labels, distances));
        ReadOnlySpan<T> data = Data.Span;
        for (int c = 0; c < K; c++)
        {
            if (_clusterWeights[c] != 0)
            {
                continue;
            }

            int far = -1;
            double farDistance = double.NegativeInfinity;
            for (int r = 0; r < N; r++)
            {
                if (distances[r] > farDistance)
                {
                    farDistance = distances[r];
                    far = r;
                }
            }

            distances[far] = double.NegativeInfinity;
            double w = Weight(far);
            int old = Labels[far];
            ReadOnlySpan<T> x = data.Slice(far * D, D);
            for (int j = 0; j < D; j++)
            {
                double v = double.CreateTruncating(x[j]) * w;
                _newSums[(old * D) + j] -= v;
                _newSums[(c * D) + j] = v;
            }

            _clusterWeights[c] = w;
            _clusterWeights[old] -= w;
        }
    }

    /// <summary>Writes the new centroids (sum / weight; an emptied cluster keeps its centroid) and returns the total squared shift.</summary>
    private double UpdateCentroids(T[] destination)
    {
        double shift = 0;
        for (int c = 0; c < K; c++)
        {
            double w = _clusterWeights[c];
            for (int j = 0; j < D; j++)
            {
                int i = (c * D) + j;
                T value = w > 0 ? T.CreateTruncating(_newSums[i] / w) : _centroids[i];
                destination[i] = value;
                double delta = double.CreateTruncating(value) - double.CreateTruncating(_centroids[i]);
                shift += delta * delta;
            }
        }

        return shift;
    }

    private KMeansSeeding<T> Seeding => _seeding ??= new KMeansSeeding<T>(this);

    /// <summary>Returns a region length (in elements) that holds <paramref name="count"/> elements and leaves a cache line free after them.</summary>
    internal static int Stride(int count, int elementSize) => (((count * elementSize) + 127) / 64 * 64) / elementSize;
}
