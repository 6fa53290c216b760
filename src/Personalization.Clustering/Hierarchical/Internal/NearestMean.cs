using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>Assigns rows to the nearest of k double-precision means (ties to the lowest index).</summary>
internal static class NearestMean
{
    public static void Assign<T>(ReadOnlySpan<T> data, int n, int d, ReadOnlySpan<double> means, int k, Span<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> row = data.Slice(i * d, d);
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double dist = ClusterStatistics.SquaredDistance(row, means.Slice(c * d, d));
                if (dist < bestDistance)
                {
                    bestDistance = dist;
                    best = c;
                }
            }

            labels[i] = best;
        }
    }
}
