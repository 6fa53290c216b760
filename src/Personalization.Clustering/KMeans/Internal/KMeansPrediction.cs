using System.Numerics;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// The prediction passes of fitted K-Means models (<see cref="PredictPass{T}"/>, <see cref="DistancesPass{T}"/>,
/// <see cref="AssignInertiaPass{T}"/>), one-shot on <see cref="ChunkParallel"/> with the fit's chunking.
/// </summary>
internal static class KMeansPrediction
{
    /// <summary>Writes the nearest centroid of every row into <paramref name="labels"/>; returns false when a NaN or Infinity was seen.</summary>
    public static unsafe bool Predict<T>(FeatureMatrix<T> data, PackedCentroids<T> packed, Span<int> labels, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int chunkRows = KMeansChunking.ChunkSize(n);
        int chunks = ChunkParallel.ChunkCount(n, chunkRows);
        var bad = new bool[chunks];
        fixed (int* labelsPointer = labels)
        {
            ChunkParallel.Run(new PredictPass<T>(data.AsMemory(), n, d, chunkRows, packed, labelsPointer, bad), chunks, KMeansChunking.EffectiveThreads(threads, n, d, packed.Count));
        }

        return Array.IndexOf(bad, true) < 0;
    }

    /// <summary>
    /// Throws when a label is outside 0..k-1: finite rows whose squared distances overflow <typeparamref name="T"/>
    /// give NaN distances, and then no centroid is nearest.
    /// </summary>
    public static void CheckLabels<T>(ReadOnlySpan<int> labels, int clusterCount, string paramName)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)clusterCount)
            {
                throw new ArgumentException($"The squared distances of row {i} to the centroids overflow {typeof(T).Name}, so it has no nearest centroid; scale the data first, for example with StandardScaler, or use double.", paramName);
            }
        }
    }

    /// <summary>Returns the row-major n x k matrix of Euclidean distances.</summary>
    public static T[] Distances<T>(FeatureMatrix<T> data, FeatureMatrix<T> centroids, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int k = centroids.RowCount;
        var result = new T[n * k];
        int chunkRows = KMeansChunking.ChunkSize(n);
        int chunks = ChunkParallel.ChunkCount(n, chunkRows);
        ChunkParallel.Run(new DistancesPass<T>(data.AsMemory(), n, d, chunkRows, centroids.AsMemory(), k, result), chunks, KMeansChunking.EffectiveThreads(threads, n, d, k * 8));
        return result;
    }

    /// <summary>Returns <c>sum_i w_i ||x_i - c_{l(i)}||^2</c> with l(i) the nearest centroid, reduced in chunk order.</summary>
    public static double Inertia<T>(FeatureMatrix<T> data, double[]? weights, FeatureMatrix<T> centroids, PackedCentroids<T> packed, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int chunkRows = KMeansChunking.ChunkSize(n);
        int chunks = ChunkParallel.ChunkCount(n, chunkRows);
        var partials = new double[chunks];
        ChunkParallel.Run(new AssignInertiaPass<T>(data.AsMemory(), n, d, chunkRows, weights, centroids.AsMemory(), packed, null, partials), chunks, KMeansChunking.EffectiveThreads(threads, n, d, packed.Count * 2));
        double total = 0;
        foreach (double p in partials)
        {
            total += p;
        }

        return total;
    }
}
