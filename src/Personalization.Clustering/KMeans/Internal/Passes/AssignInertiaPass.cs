using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Assigns each row of a chunk to its nearest centroid and adds <c>w ||x - c||^2</c> with the distance
/// computed directly (accurate, unlike the kernel's expanded form) into the chunk's partial. The final
/// pass of a K-Means run (writing the labels) and a fitted model's inertia (labels null).
/// </summary>
internal readonly struct AssignInertiaPass<T>(ReadOnlyMemory<T> data, int n, int d, int chunkRows, double[]? weights, ReadOnlyMemory<T> centroids, PackedCentroids<T> packed, int[]? labels, double[] chunkInertia) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        const int BlockRows = KMeansChunking.BlockRows;
        ReadOnlySpan<T> values = data.Span;
        int start = chunk * chunkRows;
        int end = Math.Min(n, start + chunkRows);
        ReadOnlySpan<T> c = centroids.Span;
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        double inertia = 0;
        for (int s = start; s < end; s += BlockRows)
        {
            int m = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref Unsafe.Add(ref MemoryMarshal.GetReference(values), s * d), m, packed, blockLabels, blockPartial);
            for (int i = 0; i < m; i++)
            {
                int row = s + i;
                int label = blockLabels[i];
                if (labels is not null)
                {
                    labels[row] = label;
                }

                double w = weights is null ? 1.0 : weights[row];
                inertia += w * double.CreateTruncating(SquaredEuclidean.Distance(values.Slice(row * d, d), c.Slice(label * d, d)));
            }
        }

        chunkInertia[chunk] = inertia;
    }
}
