using System.Numerics;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>Writes each row's squared distance to its assigned centroid (empty-cluster relocation picks the farthest rows).</summary>
internal readonly struct DistanceToAssignedPass<T>(ReadOnlyMemory<T> data, int d, int chunkRows, int n, T[] centroids, int[] labels, double[] distances) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Execute(int chunk)
    {
        ReadOnlySpan<T> values = data.Span;
        ReadOnlySpan<T> c = centroids;
        int start = chunk * chunkRows;
        int end = Math.Min(n, start + chunkRows);
        for (int r = start; r < end; r++)
        {
            distances[r] = double.CreateTruncating(SquaredEuclidean.Distance(values.Slice(r * d, d), c.Slice(labels[r] * d, d)));
        }
    }
}
