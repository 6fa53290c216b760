using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>Seeding's first pass: each row's squared distance to the first centre and its squared norm; the chunk's weighted potential into the engine's chunk scalar.</summary>
internal readonly struct SeedFirstPass<T>(KMeansEngine<T> engine, int firstRow, double[] closest, double[] norms) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        (int start, int end) = engine.Range(chunk);
        int d = engine.D;
        ReadOnlySpan<T> data = engine.Data.Span;
        ReadOnlySpan<T> first = data.Slice(firstRow * d, d);
        double potential = 0;
        for (int r = start; r < end; r++)
        {
            double dist = double.CreateTruncating(SquaredEuclidean.Distance(data.Slice(r * d, d), first));
            norms[r] = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref Unsafe.Add(ref MemoryMarshal.GetReference(data), r * d), d));
            closest[r] = dist;
            potential += engine.Weight(r) * dist;
        }

        engine.ChunkScalar[chunk] = potential;
    }
}
