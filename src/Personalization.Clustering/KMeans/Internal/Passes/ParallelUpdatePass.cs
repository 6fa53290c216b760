using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>After a K-Means|| round: each row's closest distance updated with the round's new centres (<paramref name="packed"/>); the chunk's weighted potential into the engine's chunk scalar.</summary>
internal readonly struct ParallelUpdatePass<T>(KMeansEngine<T> engine, PackedCentroids<T> packed, double[] closest) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        const int BlockRows = KMeansChunking.BlockRows;
        (int start, int end) = engine.Range(chunk);
        int d = engine.D;
        ref T data0 = ref MemoryMarshal.GetReference(engine.Data.Span);
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        double potential = 0;
        for (int s = start; s < end; s += BlockRows)
        {
            int m = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref Unsafe.Add(ref data0, s * d), m, packed, blockLabels, blockPartial);
            for (int i = 0; i < m; i++)
            {
                int row = s + i;
                double norm = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref Unsafe.Add(ref data0, row * d), d));
                double dist = Math.Max(0, norm + double.CreateTruncating(blockPartial[i]));
                double c = Math.Min(closest[row], dist);
                closest[row] = c;
                potential += engine.Weight(row) * c;
            }
        }

        engine.ChunkScalar[chunk] = potential;
    }
}
