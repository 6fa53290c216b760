using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// One greedy K-Means++ step over a chunk: for each row the distance to every candidate (one packed lane
/// each) and, when a centre is pending (the previous step's winner, in the last lane), the row's closest
/// distance updated with it; adds <c>w * min(closest, distance)</c> per candidate into the chunk's slot
/// of <paramref name="chunkPotentials"/> (chunk * trials + candidate).
/// </summary>
internal readonly struct SeedCandidatesPass<T>(KMeansEngine<T> engine, PackedCentroids<T> packed, int trials, bool pending, double[] norms, double[] closest, double[] chunkPotentials) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        const int Block = 64;
        (int start, int end) = engine.Range(chunk);
        int d = engine.D;
        ReadOnlySpan<T> data = engine.Data.Span;
        ref T data0 = ref MemoryMarshal.GetReference(data);
        double[]? weights = engine.Weights;
        int kp = packed.PaddedClusters;
        Vector512<double> lanes = Vector512<double>.Zero;
        ReadOnlySpan<double> rowWeights = weights is null ? default : weights.AsSpan(start, end - start);
        if (NearestCentroid.TryCandidatePotentials(ref Unsafe.Add(ref data0, start * d), end - start, packed, norms.AsSpan(start, end - start), closest.AsSpan(start, end - start), rowWeights, pending ? trials : -1, ref lanes))
        {
            for (int l = 0; l < trials; l++)
            {
                chunkPotentials[(chunk * trials) + l] = lanes.GetElement(l);
            }

            return;
        }

        // Accumulated on the stack and stored once: adjacent chunks run on other threads at the same time.
        Span<double> potentials = stackalloc double[trials];
        potentials.Clear();
        Span<T> partials = kp <= 16 ? stackalloc T[Block * 16] : new T[Block * kp];
        for (int s = start; s < end; s += Block)
        {
            int m = Math.Min(Block, end - s);
            NearestCentroid.Partials(ref Unsafe.Add(ref data0, s * d), m, packed, partials);
            for (int i = 0; i < m; i++)
            {
                int r = s + i;
                double norm = norms[r];
                ReadOnlySpan<T> p = partials.Slice(i * kp, kp);
                double c = closest[r];
                if (pending)
                {
                    c = Math.Min(c, Math.Max(0, norm + double.CreateTruncating(p[trials])));
                    closest[r] = c;
                }

                double w = weights is null ? 1.0 : weights[r];
                for (int l = 0; l < trials; l++)
                {
                    double dist = Math.Max(0, norm + double.CreateTruncating(p[l]));
                    potentials[l] += w * Math.Min(c, dist);
                }
            }
        }

        potentials.CopyTo(chunkPotentials.AsSpan(chunk * trials, trials));
    }
}
