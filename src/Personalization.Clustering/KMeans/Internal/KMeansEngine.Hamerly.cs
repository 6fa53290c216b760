using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Personalization.Clustering.Internal;

/// <content>
/// Hamerly's accelerated exact iteration (Hamerly 2010): an upper bound on the distance to the
/// assigned centroid and a lower bound on the distance to every other centroid let most rows skip
/// the k distance computations. Rows that cannot skip are assigned by the same kernel as Lloyd, and
/// the skip test keeps a safety margin larger than the kernel's rounding error, so the labels equal
/// Lloyd's from the same start. Centroid sums are still accumulated over every row in the same
/// order as Lloyd, so the centroids are bit-identical too.
/// </content>
internal sealed partial class KMeansEngine<T>
{
    private double[] _upper = [];
    private double[] _lower = [];
    private double[] _rowNorms = [];
    private double[] _move = [];
    private double[] _half = [];
    private bool _hamerlyFirst;
    private double _maxMove;
    private double _secondMaxMove;
    private int _maxMoveIndex;
    private double _maxCentroidNorm;
    private long _fullAssignments;

    /// <summary>Gets the number of rows that needed a full assignment in the last Hamerly pass (for tests and docs).</summary>
    public long FullAssignments => Interlocked.Read(ref _fullAssignments);

    private static double ErrorScale(int d) => 4.0 * (d + 2) * MachineEpsilon;

    private static double MachineEpsilon => typeof(T) == typeof(float) ? 1.1920928955078125e-7 : 2.220446049250313e-16;

    private void PrepareHamerly()
    {
        if (_upper.Length == 0)
        {
            _upper = new double[N];
            _lower = new double[N];
            _rowNorms = new double[N];
            _move = new double[K];
            _half = new double[K];
        }
    }

    private void PrepareHamerlyIteration(bool first)
    {
        _hamerlyFirst = first;
        ReadOnlySpan<T> centroids = _centroids;
        _maxCentroidNorm = 0;
        for (int a = 0; a < K; a++)
        {
            double nearest = double.PositiveInfinity;
            for (int b = 0; b < K; b++)
            {
                if (a != b)
                {
                    nearest = Math.Min(nearest, double.CreateTruncating(SquaredEuclidean.Distance(centroids.Slice(a * D, D), centroids.Slice(b * D, D))));
                }
            }

            _half[a] = K == 1 ? double.PositiveInfinity : 0.5 * Math.Sqrt(nearest);
            double norm = 0;
            for (int j = 0; j < D; j++)
            {
                double v = double.CreateTruncating(centroids[(a * D) + j]);
                norm += v * v;
            }

            _maxCentroidNorm = Math.Max(_maxCentroidNorm, norm);
        }
    }

    private void RecordCentroidMoves(T[] previous)
    {
        _maxMove = 0;
        _secondMaxMove = 0;
        _maxMoveIndex = -1;
        for (int c = 0; c < K; c++)
        {
            double move = Math.Sqrt(double.CreateTruncating(SquaredEuclidean.Distance(_centroids.AsSpan(c * D, D), previous.AsSpan(c * D, D))));

            // Inflate slightly so rounding in the move never tightens a bound wrongly.
            move = (move * (1 + 1e-12)) + 1e-300;
            _move[c] = move;
            if (move > _maxMove)
            {
                _secondMaxMove = _maxMove;
                _maxMove = move;
                _maxMoveIndex = c;
            }
            else if (move > _secondMaxMove)
            {
                _secondMaxMove = move;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HamerlyChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        int k = K;
        int d = D;
        ReadOnlySpan<T> data = _data.Span;
        ReadOnlySpan<T> centroids = _centroids;
        Span<double> sums = _chunkSums.AsSpan(chunk * SumStride, k * d);
        int copies = LocalCopies;
        int copyMask = copies - 1;
        Span<T> local = _chunkLocal.AsSpan(chunk * LocalStride, copies * k * d);
        Span<double> clusterWeights = _chunkWeights.AsSpan(chunk * WeightStride, k);
        sums.Clear();
        local.Clear();
        clusterWeights.Clear();
        ref T localRef = ref MemoryMarshal.GetReference(local);
        Span<int> oneLabel = stackalloc int[1];
        Span<T> onePartial = stackalloc T[1];
        int[] labels = _labels;
        double[]? weights = _weights;
        double errorScale = ErrorScale(d);
        double partialInertia = 0;
        int changes = 0;
        int full = 0;
        int sinceFlush = 0;
        for (int row = start; row < end; row++)
        {
            ref T x = ref RefAt(data, row * d);
            bool needFull;
            if (_hamerlyFirst)
            {
                _rowNorms[row] = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref x, d));
                needFull = true;
            }
            else
            {
                int a = labels[row];
                double u = _upper[row] + _move[a];
                double l = _lower[row] - (a == _maxMoveIndex ? _secondMaxMove : _maxMove);
                double z = Math.Max(l, _half[a]);
                double error = errorScale * (_rowNorms[row] + _maxCentroidNorm);
                needFull = !(z > u && (z * z) - (u * u) > error);
                if (needFull)
                {
                    u = Math.Sqrt(double.CreateTruncating(SquaredEuclidean.Distance(ref x, ref MemoryMarshal.GetReference(centroids.Slice(a * d, d)), d)));
                    needFull = !(z > u && (z * z) - (u * u) > error);
                }

                _upper[row] = u;
                _lower[row] = l;
            }

            if (needFull)
            {
                full++;
                NearestCentroid.Assign(ref x, 1, _packed, oneLabel, onePartial);
                int label = oneLabel[0];
                double best = double.PositiveInfinity;
                double second = double.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    double dist = double.CreateTruncating(SquaredEuclidean.Distance(ref x, ref MemoryMarshal.GetReference(centroids.Slice(c * d, d)), d));
                    if (c == label)
                    {
                        best = dist;
                    }
                    else
                    {
                        second = Math.Min(second, dist);
                    }
                }

                _upper[row] = Math.Sqrt(best);
                _lower[row] = Math.Sqrt(second);
                if (labels[row] != label)
                {
                    changes++;
                    labels[row] = label;
                }
            }

            // Same copies and flush points as LloydChunk, so both sum every cluster identically.
            int assigned = labels[row];
            int slot = (((row - start) & copyMask) * k) + assigned;
            double upper = _upper[row];
            if (weights is null)
            {
                RowKernels.Add(ref x, ref Unsafe.Add(ref localRef, slot * d), d);
                clusterWeights[assigned] += 1;
                partialInertia += upper * upper;
            }
            else
            {
                double w = weights[row];
                RowKernels.AddScaled(ref x, ref Unsafe.Add(ref localRef, slot * d), d, T.CreateTruncating(w));
                clusterWeights[assigned] += w;
                partialInertia += w * upper * upper;
            }

            if (++sinceFlush == BlockRows * copies)
            {
                RowKernels.FlushInto(local, copies, sums);
                sinceFlush = 0;
            }
        }

        RowKernels.FlushInto(local, copies, sums);
        _chunkCounts[chunk] = changes;

        // The Hamerly pass reports sum w u^2, an upper bound on the inertia of the new labels.
        _chunkScalar[chunk] = partialInertia;
        Interlocked.Add(ref _fullAssignments, full);
    }
}
