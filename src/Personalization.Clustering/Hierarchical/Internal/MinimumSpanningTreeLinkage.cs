using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Single linkage as a minimum spanning tree built by Prim's algorithm (Müllner 2011, SciPy's
/// <c>mst_single_linkage</c>). Distances are computed on the fly from the rows, so memory is O(n)
/// beyond the data; each step's n distance evaluations run in parallel when n is large.
/// </summary>
internal static class MinimumSpanningTreeLinkage
{
    private const int ParallelThreshold = 8192;

    public static void Build<T>(ReadOnlyMemory<T> data, int n, int d, int[] left, int[] right, double[] heights, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var merged = new bool[n];
        var best = new double[n];
        Array.Fill(best, double.PositiveInfinity);
        int x = 0;
        for (int k = 0; k < n - 1; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            merged[x] = true;
            int xx = x;
            if (n >= ParallelThreshold)
            {
                Parallel.For(0, (n + 4095) / 4096, block =>
                {
                    Relax(data.Span, d, xx, merged, best, block * 4096, Math.Min(n, (block + 1) * 4096));
                });
            }
            else
            {
                Relax(data.Span, d, xx, merged, best, 0, n);
            }

            // SciPy picks the first index with the strictly smallest distance.
            int y = -1;
            double currentMin = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                if (!merged[i] && best[i] < currentMin)
                {
                    currentMin = best[i];
                    y = i;
                }
            }

            if (y < 0)
            {
                // Only possible when distances are infinite; pick the first unmerged row.
                y = Array.IndexOf(merged, false);
            }

            left[k] = x;
            right[k] = y;
            heights[k] = currentMin;
            x = y;
        }
    }

    private static void Relax<T>(ReadOnlySpan<T> data, int d, int x, bool[] merged, double[] best, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> a = data.Slice(x * d, d);
        for (int i = from; i < to; i++)
        {
            if (merged[i])
            {
                continue;
            }

            double dist = Math.Sqrt(SquaredEuclidean.DistanceScalar(a, data.Slice(i * d, d)));
            if (dist < best[i])
            {
                best[i] = dist;
            }
        }
    }
}
