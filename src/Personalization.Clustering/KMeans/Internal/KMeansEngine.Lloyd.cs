using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Personalization.Clustering.Internal;

/// <content>Lloyd iterations: fused assignment and accumulation, empty-cluster relocation, final exact inertia.</content>
internal sealed partial class KMeansEngine<T>
{
    private int _lastChanges;

    /// <summary>Gets whether the last run stopped because the labels did not change.</summary>
    public bool LastRunStrict { get; private set; }
    private double _lastPartialInertia;

    /// <summary>
    /// Runs Lloyd (or Hamerly) iterations from <paramref name="initial"/> until the labels stop
    /// changing, the centre shift is at most <paramref name="toleranceScaled"/>, or
    /// <paramref name="maxIterations"/> is reached; then assigns every row to the final centroids and
    /// computes the exact inertia. Mirrors scikit-learn's <c>_kmeans_single_lloyd</c>.
    /// </summary>
    public KMeansRun<T> Run(ReadOnlySpan<T> initial, int maxIterations, double toleranceScaled, bool hamerly, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        initial.CopyTo(_centroids);
        _labels.AsSpan().Fill(-1);
        if (hamerly)
        {
            PrepareHamerly();
        }

        var newCentroids = new T[K * D];
        bool strict = false;
        bool converged = false;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _packed.Pack(_centroids, K);
            if (hamerly)
            {
                PrepareHamerlyIteration(iteration == 0);
                RunPass(Mode.Hamerly);
            }
            else
            {
                RunPass(Mode.Lloyd);
            }

            ReduceIteration();
            iteration++;
            if (progress is not null)
            {
                double metric = hamerly ? _lastPartialInertia : Math.Max(0, WeightedSquaredNorm + _lastPartialInertia);
                progress.Report(new FitProgress(hamerly ? "Hamerly" : "Lloyd", iteration, maxIterations, metric));
            }

            RelocateEmptyClusters();
            double shift = UpdateCentroids(newCentroids);
            (_centroids, newCentroids) = (newCentroids, _centroids);
            if (hamerly)
            {
                RecordCentroidMoves(newCentroids);
            }

            if (_lastChanges == 0)
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
        var labels = new int[N];
        _labels.CopyTo(labels, 0);
        var centroids = new T[K * D];
        _centroids.CopyTo(centroids, 0);
        return new KMeansRun<T>(centroids, labels, inertia, iteration, converged);
    }

    /// <summary>
    /// One Lloyd iteration from the current centroids without moving them: the fused pass, the
    /// chunk-order reduction and the new centroids written to <paramref name="destination"/>. Used by
    /// the benchmarks to time exactly one iteration; returns the total centre shift.
    /// </summary>
    public double StepOnce(ReadOnlySpan<T> centroids, T[] destination)
    {
        centroids.CopyTo(_centroids);
        _packed.Pack(_centroids, K);
        RunPass(Mode.Lloyd);
        ReduceIteration();
        RelocateEmptyClusters();
        return UpdateCentroids(destination);
    }

    /// <summary>Assigns every row to its nearest current centroid and returns the exact weighted inertia.</summary>
    public double FinalAssign()
    {
        _packed.Pack(_centroids, K);
        RunPass(Mode.FinalAssign);
        double inertia = 0;
        for (int c = 0; c < ChunkCount; c++)
        {
            inertia += _chunkScalar[c];
        }

        return inertia;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LloydChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        int k = K;
        int d = D;
        int kd = k * d;
        int copies = LocalCopies;
        ReadOnlySpan<T> data = _data.Span;
        Span<double> sums = _chunkSums.AsSpan(chunk * SumStride, kd);
        Span<T> local = _chunkLocal.AsSpan(chunk * LocalStride, copies * kd);
        Span<double> clusterWeights = _chunkWeights.AsSpan(chunk * WeightStride, k);
        Span<int> counts = _chunkLabelCounts.AsSpan(chunk * CountStride, copies * k);
        sums.Clear();
        local.Clear();
        clusterWeights.Clear();
        counts.Clear();
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        ref T localRef = ref MemoryMarshal.GetReference(local);
        ref int countRef = ref MemoryMarshal.GetReference(counts);
        ref int labelRef = ref MemoryMarshal.GetArrayDataReference(_labels);
        ref int blockLabelRef = ref MemoryMarshal.GetReference(blockLabels);
        int copyMask = copies - 1;
        double[]? weights = _weights;
        double partialInertia = 0;
        int changes = 0;
        int blocks = 0;
        for (int s = start; s < end; s += BlockRows)
        {
            int m = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref RefAt(data, s * d), m, _packed, blockLabels, blockPartial);

            // Row i adds into copy (i mod copies) of the local sums, so rows in a row with the same
            // label do not wait on each other's stores; the copies are added together on flush.
            if (weights is null)
            {
                for (int i = 0; i < m; i++)
                {
                    int label = Unsafe.Add(ref blockLabelRef, i);
                    ref int stored = ref Unsafe.Add(ref labelRef, s + i);
                    changes += stored != label ? 1 : 0;
                    stored = label;
                    int slot = ((i & copyMask) * k) + label;
                    Unsafe.Add(ref countRef, slot)++;
                    RowKernels.Add(ref RefAt(data, (s + i) * d), ref Unsafe.Add(ref localRef, slot * d), d);
                }

                partialInertia += double.CreateTruncating(TensorPrimitives.Sum<T>(blockPartial[..m]));
            }
            else
            {
                for (int i = 0; i < m; i++)
                {
                    int row = s + i;
                    int label = Unsafe.Add(ref blockLabelRef, i);
                    ref int stored = ref Unsafe.Add(ref labelRef, row);
                    changes += stored != label ? 1 : 0;
                    stored = label;
                    double w = weights[row];
                    int slot = ((i & copyMask) * k) + label;
                    RowKernels.AddScaled(ref RefAt(data, row * d), ref Unsafe.Add(ref localRef, slot * d), d, T.CreateTruncating(w));
                    clusterWeights[label] += w;
                    partialInertia += w * double.CreateTruncating(blockPartial[i]);
                }
            }

            // Each copy takes at most BlockRows rows between flushes (float sums of a few hundred rows).
            if (++blocks == copies || s + BlockRows >= end)
            {
                RowKernels.FlushInto(local, copies, sums);
                blocks = 0;
            }
        }

        if (weights is null)
        {
            for (int c = 0; c < copies; c++)
            {
                for (int label = 0; label < k; label++)
                {
                    clusterWeights[label] += counts[(c * k) + label];
                }
            }
        }

        _chunkCounts[chunk] = changes;
        _chunkScalar[chunk] = partialInertia;
    }

    private void ReduceIteration()
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
            ReadOnlySpan<double> chunkSums = _chunkSums.AsSpan(c * SumStride, kd);
            for (int i = 0; i < kd; i++)
            {
                sums[i] += chunkSums[i];
            }

            ReadOnlySpan<double> chunkWeights = _chunkWeights.AsSpan(c * WeightStride, K);
            for (int i = 0; i < K; i++)
            {
                weights[i] += chunkWeights[i];
            }

            changes += _chunkCounts[c];
            partial += _chunkScalar[c];
        }

        _lastChanges = changes;
        _lastPartialInertia = partial;
    }

    /// <summary>
    /// Re-seeds every empty cluster with the row farthest from its assigned centroid (scikit-learn's
    /// rule): the farthest rows (ties by lower row index) are moved, one per empty cluster, in
    /// increasing cluster order, taking their weight and sum from the cluster they leave.
    /// </summary>
    private void RelocateEmptyClusters()
    {
        int empty = 0;
        for (int c = 0; c < K; c++)
        {
            if (_clusterWeights[c] == 0)
            {
                empty++;
            }
        }

        if (empty == 0)
        {
            return;
        }

        _rowDistances ??= new double[N];
        RunPass(Mode.DistanceToAssigned);
        ReadOnlySpan<T> data = _data.Span;
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
                if (_rowDistances[r] > farDistance)
                {
                    farDistance = _rowDistances[r];
                    far = r;
                }
            }

            _rowDistances[far] = double.NegativeInfinity;
            double w = Weight(far);
            int old = _labels[far];
            ReadOnlySpan<T> x = RowOf(data, far);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DistanceToAssignedChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        ReadOnlySpan<T> data = _data.Span;
        ReadOnlySpan<T> centroids = _centroids;
        for (int r = start; r < end; r++)
        {
            _rowDistances![r] = double.CreateTruncating(SquaredEuclidean.Distance(RowOf(data, r), centroids.Slice(_labels[r] * D, D)));
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FinalAssignChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        int d = D;
        ReadOnlySpan<T> data = _data.Span;
        ReadOnlySpan<T> centroids = _centroids;
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        double inertia = 0;
        for (int s = start; s < end; s += BlockRows)
        {
            int m = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref RefAt(data, s * d), m, _packed, blockLabels, blockPartial);
            for (int i = 0; i < m; i++)
            {
                int row = s + i;
                int label = blockLabels[i];
                _labels[row] = label;
                double dist = double.CreateTruncating(SquaredEuclidean.Distance(RowOf(data, row), centroids.Slice(label * d, d)));
                inertia += Weight(row) * dist;
            }
        }

        _chunkScalar[chunk] = inertia;
    }
}
