using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>The end of K-Means||: the weight of the rows nearest each candidate, per chunk (chunk c at c * <paramref name="stride"/>).</summary>
internal readonly struct ParallelWeightsPass<T>(KMeansEngine<T> engine, PackedCentroids<T> packed, double[] chunkWeights, int stride) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        const int BlockRows = KMeansChunking.BlockRows;
        (int start, int end) = engine.Range(chunk);
        int d = engine.D;
        ref T data0 = ref MemoryMarshal.GetReference(engine.Data.Span);
        Span<double> weights = chunkWeights.AsSpan(chunk * stride, packed.Count);
        weights.Clear();
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        for (int s = start; s < end; s += BlockRows)
        {
            int count = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref Unsafe.Add(ref data0, s * d), count, packed, blockLabels, blockPartial);
            for (int i = 0; i < count; i++)
            {
                weights[blockLabels[i]] += engine.Weight(s + i);
            }
        }
    }
}
