using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Single linkage as a minimum spanning tree built by Prim's algorithm (Müllner 2011, SciPy's
/// <c>mst_single_linkage</c>). Each step computes the distances from the newest tree point to every
/// point with the vectorised <see cref="DistanceRows"/> kernel into one reused row, so memory is
/// O(n) beyond the data and there is no per-step thread synchronisation.
/// </summary>
internal static class MinimumSpanningTreeLinkage
{
    public static void Build<T>(ReadOnlySpan<T> data, int n, int d, int[] left, int[] right, double[] heights, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DistanceRows points = DistanceRows.Create(data, n, d);
        var row = new double[points.Length];
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
            points.Fill(x, row);

            // SciPy picks the first index with the strictly smallest distance.
            int y = -1;
            double currentMin = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                if (merged[i])
                {
                    continue;
                }

                double dist = row[i] < best[i] ? row[i] : best[i];
                best[i] = dist;
                if (dist < currentMin)
                {
                    currentMin = dist;
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
}
