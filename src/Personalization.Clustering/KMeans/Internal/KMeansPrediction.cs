using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>Parallel, chunked prediction passes of a fitted model (one-shot, so Parallel.For is used).</summary>
internal static class KMeansPrediction
{
    /// <summary>Writes the nearest centroid of every row into <paramref name="labels"/>; returns false when a NaN or Infinity was seen.</summary>
    public static unsafe bool Predict<T>(FeatureMatrix<T> data, PackedCentroids<T> packed, Span<int> labels, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int chunkRows = KMeansEngine<T>.ChunkSize(n);
        int chunks = (n + chunkRows - 1) / chunkRows;
        ReadOnlyMemory<T> memory = data.AsMemory();
        int bad = 0;
        fixed (int* labelsPointer = labels)
        {
            nint address = (nint)labelsPointer;
            void Body(int chunk)
            {
                int start = chunk * chunkRows;
                int end = Math.Min(n, start + chunkRows);
                ReadOnlySpan<T> values = memory.Span;
                Span<int> all = new((int*)address, n);
                Span<T> partial = stackalloc T[KMeansEngine<T>.BlockRows];
                for (int s = start; s < end; s += KMeansEngine<T>.BlockRows)
                {
                    int m = Math.Min(KMeansEngine<T>.BlockRows, end - s);
                    ReadOnlySpan<T> block = values.Slice(s * d, m * d);
                    if (!RowKernels.AllFinite(block))
                    {
                        Interlocked.Exchange(ref bad, 1);
                        return;
                    }

                    NearestCentroid.Assign(ref MemoryMarshal.GetReference(block), m, packed, all.Slice(s, m), partial);
                }
            }

            Run(chunks, KMeansEngine<T>.EffectiveThreads(threads, n, d, packed.Count), Body);
        }

        return bad == 0;
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
        int chunkRows = KMeansEngine<T>.ChunkSize(n);
        int chunks = (n + chunkRows - 1) / chunkRows;
        ReadOnlyMemory<T> memory = data.AsMemory();
        ReadOnlyMemory<T> centroidMemory = centroids.AsMemory();
        Run(chunks, KMeansEngine<T>.EffectiveThreads(threads, n, d, k * 8), chunk =>
        {
            int start = chunk * chunkRows;
            int end = Math.Min(n, start + chunkRows);
            ReadOnlySpan<T> values = memory.Span;
            ReadOnlySpan<T> c = centroidMemory.Span;
            for (int r = start; r < end; r++)
            {
                ReadOnlySpan<T> x = values.Slice(r * d, d);
                for (int j = 0; j < k; j++)
                {
                    result[(r * k) + j] = T.Sqrt(SquaredEuclidean.Distance(x, c.Slice(j * d, d)));
                }
            }
        });
        return result;
    }

    /// <summary>Returns <c>sum_i w_i ||x_i - c_{l(i)}||^2</c> with l(i) the nearest centroid, reduced in chunk order.</summary>
    public static double Inertia<T>(FeatureMatrix<T> data, double[]? weights, FeatureMatrix<T> centroids, PackedCentroids<T> packed, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int chunkRows = KMeansEngine<T>.ChunkSize(n);
        int chunks = (n + chunkRows - 1) / chunkRows;
        var partials = new double[chunks];
        ReadOnlyMemory<T> memory = data.AsMemory();
        ReadOnlyMemory<T> centroidMemory = centroids.AsMemory();
        Run(chunks, KMeansEngine<T>.EffectiveThreads(threads, n, d, packed.Count * 2), chunk =>
        {
            int start = chunk * chunkRows;
            int end = Math.Min(n, start + chunkRows);
            ReadOnlySpan<T> values = memory.Span;
            ReadOnlySpan<T> c = centroidMemory.Span;
            Span<int> labels = stackalloc int[KMeansEngine<T>.BlockRows];
            Span<T> partial = stackalloc T[KMeansEngine<T>.BlockRows];
            double sum = 0;
            for (int s = start; s < end; s += KMeansEngine<T>.BlockRows)
            {
                int m = Math.Min(KMeansEngine<T>.BlockRows, end - s);
                NearestCentroid.Assign(ref Unsafe.AsRef(in values[s * d]), m, packed, labels, partial);
                for (int i = 0; i < m; i++)
                {
                    double w = weights is null ? 1.0 : weights[s + i];
                    sum += w * double.CreateTruncating(SquaredEuclidean.Distance(values.Slice((s + i) * d, d), c.Slice(labels[i] * d, d)));
                }
            }

            partials[chunk] = sum;
        });
        double total = 0;
        foreach (double p in partials)
        {
            total += p;
        }

        return total;
    }

    private static void Run(int chunks, int threads, Action<int> body)
    {
        if (threads <= 1 || chunks <= 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                body(c);
            }

            return;
        }

        ChunkParallel.For(chunks, threads, body);
    }
}
