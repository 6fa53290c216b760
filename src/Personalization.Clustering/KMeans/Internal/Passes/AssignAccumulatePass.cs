using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// The Lloyd pass, fused: assign each row of a chunk to its nearest centroid (<see cref="NearestCentroid"/>,
/// blocks of <see cref="KMeansChunking.BlockRows"/> rows), count label changes, and add the row into its
/// cluster's sum and weight. Writes only the chunk's regions of the engine's per-chunk buffers.
/// </summary>
/// <remarks>
/// Row i of a block adds into copy (i mod <see cref="KMeansEngine{T}.LocalCopies"/>) of the block sums in
/// T, so consecutive rows with the same label do not wait on each other's stores; the copies are added
/// into the chunk's double sums every <c>copies</c> blocks (so each float sum takes at most 256 rows).
/// </remarks>
internal readonly struct AssignAccumulatePass<T>(KMeansEngine<T> engine) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        const int BlockRows = KMeansChunking.BlockRows;
        (int start, int end) = engine.Range(chunk);
        int k = engine.K;
        int d = engine.D;
        int kd = k * d;
        int copies = engine.LocalCopies;
        ReadOnlySpan<T> data = engine.Data.Span;
        Span<double> sums = engine.ChunkSums.AsSpan(chunk * engine.SumStride, kd);
        Span<T> local = engine.ChunkLocal.AsSpan(chunk * engine.LocalStride, copies * kd);
        Span<double> clusterWeights = engine.ChunkWeights.AsSpan(chunk * engine.WeightStride, k);
        Span<int> counts = engine.ChunkLabelCounts.AsSpan(chunk * engine.CountStride, copies * k);
        sums.Clear();
        local.Clear();
        clusterWeights.Clear();
        counts.Clear();
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        PackedCentroids<T> packed = engine.Packed;
        ref T data0 = ref MemoryMarshal.GetReference(data);
        ref T localRef = ref MemoryMarshal.GetReference(local);
        ref int countRef = ref MemoryMarshal.GetReference(counts);
        ref int labelRef = ref MemoryMarshal.GetArrayDataReference(engine.Labels);
        ref int blockLabelRef = ref MemoryMarshal.GetReference(blockLabels);
        int copyMask = copies - 1;
        double[]? weights = engine.Weights;
        double partialInertia = 0;
        int changes = 0;
        int blocks = 0;
        for (int s = start; s < end; s += BlockRows)
        {
            int m = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref Unsafe.Add(ref data0, s * d), m, packed, blockLabels, blockPartial);
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
                    RowKernels.Add(ref Unsafe.Add(ref data0, (s + i) * d), ref Unsafe.Add(ref localRef, slot * d), d);
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
                    RowKernels.AddScaled(ref Unsafe.Add(ref data0, row * d), ref Unsafe.Add(ref localRef, slot * d), d, T.CreateTruncating(w));
                    clusterWeights[label] += w;
                    partialInertia += w * double.CreateTruncating(blockPartial[i]);
                }
            }

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

        engine.ChunkCounts[chunk] = changes;
        engine.ChunkScalar[chunk] = partialInertia;
    }
}
