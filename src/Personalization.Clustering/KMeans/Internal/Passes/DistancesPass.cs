using System.Numerics;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>A fitted model's transform over a chunk: the Euclidean distance of each row to every centroid, row-major n x k.</summary>
internal readonly struct DistancesPass<T>(ReadOnlyMemory<T> data, int n, int d, int chunkRows, ReadOnlyMemory<T> centroids, int k, T[] result) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Execute(int chunk)
    {
        ReadOnlySpan<T> values = data.Span;
        ReadOnlySpan<T> c = centroids.Span;
        int start = chunk * chunkRows;
        int end = Math.Min(n, start + chunkRows);
        for (int r = start; r < end; r++)
        {
            ReadOnlySpan<T> x = values.Slice(r * d, d);
            for (int j = 0; j < k; j++)
            {
                result[(r * k) + j] = T.Sqrt(SquaredEuclidean.Distance(x, c.Slice(j * d, d)));
            }
        }
    }
}
