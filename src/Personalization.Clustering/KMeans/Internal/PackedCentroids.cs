using System.Numerics;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Centroids laid out for the nearest-centroid kernel: transposed (feature-major, one lane per
/// centroid) and multiplied by -2, with the squared norms alongside, so that one fused
/// multiply-add per feature gives <c>||c||^2 - 2 x.c</c> for a whole vector of centroids.
/// Padding lanes carry +Infinity as norm so they are never chosen. Allocated once per fit.
/// </summary>
internal sealed class PackedCentroids<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates storage for up to <paramref name="maxClusters"/> centroids of <paramref name="dimensions"/> features.</summary>
    public PackedCentroids(int maxClusters, int dimensions)
    {
        Dimensions = dimensions;
        MaxClusters = maxClusters;
        int padded = PaddedCount(maxClusters, out _);
        Transposed = new T[Math.Max(1, padded * dimensions)];
        Norms = new T[padded];
        Indices = new T[padded];
        for (int i = 0; i < padded; i++)
        {
            Indices[i] = T.CreateTruncating(i);
        }
    }

    /// <summary>Gets the number of features.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the capacity.</summary>
    public int MaxClusters { get; }

    /// <summary>Gets the current number of centroids.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the current padded count (a multiple of the lane width).</summary>
    public int PaddedClusters { get; private set; }

    /// <summary>Gets the vector width in bits used by the kernel: 512, 256 or 0 (scalar).</summary>
    public int Width { get; private set; }

    /// <summary>Gets the feature-major values -2 c[i, j] at [j * PaddedClusters + i].</summary>
    public T[] Transposed { get; }

    /// <summary>Gets the squared norms (+Infinity on padding lanes).</summary>
    public T[] Norms { get; }

    /// <summary>Gets the lane indices 0, 1, 2, ... as values of <typeparamref name="T"/>.</summary>
    public T[] Indices { get; }

    /// <summary>Returns the padded count for <paramref name="k"/> centroids and the vector width chosen.</summary>
    public static int PaddedCount(int k, out int width)
    {
        if (Vector256.IsHardwareAccelerated && k <= Vector256<T>.Count)
        {
            width = 256;
            return Vector256<T>.Count;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            width = 512;
            return (k + Vector512<T>.Count - 1) / Vector512<T>.Count * Vector512<T>.Count;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            width = 256;
            return (k + Vector256<T>.Count - 1) / Vector256<T>.Count * Vector256<T>.Count;
        }

        width = 0;
        return k;
    }

    /// <summary>Packs <paramref name="k"/> row-major centroids.</summary>
    public void Pack(ReadOnlySpan<T> centroids, int k)
    {
        int d = Dimensions;
        int padded = PaddedCount(k, out int width);
        Count = k;
        PaddedClusters = padded;
        Width = width;
        T minusTwo = T.CreateTruncating(-2);
        for (int i = 0; i < padded; i++)
        {
            if (i < k)
            {
                ReadOnlySpan<T> c = centroids.Slice(i * d, d);
                T norm = T.Zero;
                for (int j = 0; j < d; j++)
                {
                    norm += c[j] * c[j];
                    Transposed[(j * padded) + i] = minusTwo * c[j];
                }

                Norms[i] = norm;
            }
            else
            {
                for (int j = 0; j < d; j++)
                {
                    Transposed[(j * padded) + i] = T.Zero;
                }

                Norms[i] = T.PositiveInfinity;
            }
        }
    }
}
