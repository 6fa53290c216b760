using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// One Hamerly iteration over a chunk (Hamerly 2010): a row whose bounds (<see cref="HamerlyBounds{T}"/>)
/// prove its centroid unchanged skips the k distances; the others are assigned by the same kernel as
/// Lloyd, and the skip test keeps a safety margin larger than the kernel's rounding error, so the labels
/// equal Lloyd's from the same start. Centroid sums are accumulated over every row with the same copies
/// and flush points as <see cref="AssignAccumulatePass{T}"/>, so the centroids are bit-identical too.
/// The chunk's partial is <c>sum w u^2</c>, an upper bound on the inertia of the new labels.
/// </summary>
internal readonly struct HamerlyPass<T>(KMeansEngine<T> engine, HamerlyBounds<T> bounds) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        (int start, int end) = engine.Range(chunk);
        int k = engine.K;
        int d = engine.D;
        ReadOnlySpan<T> data = engine.Data.Span;
        ReadOnlySpan<T> centroids = engine.Centroids;
        Span<double> sums = engine.ChunkSums.AsSpan(chunk * engine.SumStride, k * d);
        int copies = engine.LocalCopies;
        int copyMask = copies - 1;
        Span<T> local = engine.ChunkLocal.AsSpan(chunk * engine.LocalStride, copies * k * d);
        Span<double> clusterWeights = engine.ChunkWeights.AsSpan(chunk * engine.WeightStride, k);
        sums.Clear();
        local.Clear();
        clusterWeights.Clear();
        ref T data0 = ref MemoryMarshal.GetReference(data);
        ref T centroid0 = ref MemoryMarshal.GetReference(centroids);
        ref T localRef = ref MemoryMarshal.GetReference(local);
        Span<int> oneLabel = stackalloc int[1];
        Span<T> onePartial = stackalloc T[1];
        PackedCentroids<T> packed = engine.Packed;
        int[] labels = engine.Labels;
        double[]? weights = engine.Weights;
        double[] upperBounds = bounds.Upper;
        double[] lowerBounds = bounds.Lower;
        double[] rowNorms = bounds.RowNorms;
        double[] move = bounds.Move;
        double[] half = bounds.Half;
        bool first = bounds.First;
        double maxMove = bounds.MaxMove;
        double secondMaxMove = bounds.SecondMaxMove;
        int maxMoveIndex = bounds.MaxMoveIndex;
        double maxCentroidNorm = bounds.MaxCentroidNorm;
        double errorScale = HamerlyBounds<T>.ErrorScale(d);
        double partialInertia = 0;
        int changes = 0;
        int full = 0;
        int sinceFlush = 0;
        for (int row = start; row < end; row++)
        {
            ref T x = ref Unsafe.Add(ref data0, row * d);
            bool needFull;
            if (first)
            {
                rowNorms[row] = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref x, d));
                needFull = true;
            }
            else
            {
                int a = labels[row];
                double u = upperBounds[row] + move[a];
                double l = lowerBounds[row] - (a == maxMoveIndex ? secondMaxMove : maxMove);
                double z = Math.Max(l, half[a]);
                double error = errorScale * (rowNorms[row] + maxCentroidNorm);
                needFull = !(z > u && (z * z) - (u * u) > error);
                if (needFull)
                {
                    u = Math.Sqrt(double.CreateTruncating(SquaredEuclidean.Distance(ref x, ref Unsafe.Add(ref centroid0, a * d), d)));
                    needFull = !(z > u && (z * z) - (u * u) > error);
                }

                upperBounds[row] = u;
                lowerBounds[row] = l;
            }

            if (needFull)
            {
                full++;
                NearestCentroid.Assign(ref x, 1, packed, oneLabel, onePartial);
                int label = oneLabel[0];
                double best = double.PositiveInfinity;
                double second = double.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    double dist = double.CreateTruncating(SquaredEuclidean.Distance(ref x, ref Unsafe.Add(ref centroid0, c * d), d));
                    if (c == label)
                    {
                        best = dist;
                    }
                    else
                    {
                        second = Math.Min(second, dist);
                    }
                }

                upperBounds[row] = Math.Sqrt(best);
                lowerBounds[row] = Math.Sqrt(second);
                if (labels[row] != label)
                {
                    changes++;
                    labels[row] = label;
                }
            }

            int assigned = labels[row];
            int slot = (((row - start) & copyMask) * k) + assigned;
            double upper = upperBounds[row];
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

            if (++sinceFlush == KMeansChunking.BlockRows * copies)
            {
                RowKernels.FlushInto(local, copies, sums);
                sinceFlush = 0;
            }
        }

        RowKernels.FlushInto(local, copies, sums);
        engine.ChunkCounts[chunk] = changes;
        engine.ChunkScalar[chunk] = partialInertia;
        bounds.AddFullAssignments(full);
    }
}
