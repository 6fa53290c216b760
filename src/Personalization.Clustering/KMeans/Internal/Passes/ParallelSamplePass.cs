using System.Numerics;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// One K-Means|| sampling round over a chunk: row r is taken with probability
/// <c>oversampling * w_r * closest_r / phi</c>, decided by a counter-based uniform of (round key, row), so
/// the sample is the same for any thread count. The chunk's picks go to its own list, in row order.
/// </summary>
internal readonly struct ParallelSamplePass<T>(KMeansEngine<T> engine, double[] closest, List<int>[] chunkSelected, double scale, ulong roundKey) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Execute(int chunk)
    {
        (int start, int end) = engine.Range(chunk);
        List<int> selected = chunkSelected[chunk];
        selected.Clear();
        for (int r = start; r < end; r++)
        {
            double p = scale * engine.Weight(r) * closest[r];
            if (p > 0 && Uniform(roundKey, r) < p)
            {
                selected.Add(r);
            }
        }
    }

    /// <summary>A uniform number in [0, 1) from (key, row) by SplitMix64.</summary>
    private static double Uniform(ulong key, int row)
    {
        ulong z = key + ((ulong)row * 0xBF58476D1CE4E5B9UL) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
