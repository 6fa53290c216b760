using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Exact silhouette in one fused pass: the points are packed by cluster into lane-transposed blocks,
/// and each group of four query points streams over all blocks, computing Euclidean distances,
/// summing them per cluster, and turning the sums into the silhouette of each query. The n x n
/// distance matrix is never built; the extra memory is one packed copy of the data (n x d) plus
/// 4k doubles per worker.
/// </summary>
/// <remarks>
/// Each sample's value depends only on its own fixed-order sums, so the result is identical for
/// any degree of parallelism.
/// </remarks>
internal static class SilhouetteKernel
{
    private const int QueriesPerGroup = 4;
    private const int GroupsPerChunk = 16;

    /// <summary>Computes the silhouette of every sample into <paramref name="destination"/>.</summary>
    /// <param name="data">Row-major data, n x d.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="codes">Compact labels 0..k-1.</param>
    /// <param name="k">Number of clusters (at least 2).</param>
    /// <param name="destination">Receives n silhouettes.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    public static void Compute<T>(ReadOnlyMemory<T> data, int n, int d, int[] codes, int k, double[] destination, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported ? Vector512<T>.Count
            : Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported ? Vector256<T>.Count
            : 1;
        var layout = PackedClusters<T>.Create(data.Span, n, d, codes, k, width);

        int groups = (n + QueriesPerGroup - 1) / QueriesPerGroup;
        int chunks = (groups + GroupsPerChunk - 1) / GroupsPerChunk;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(
            0,
            chunks,
            options,
            () => new double[QueriesPerGroup * k],
            (chunk, _, sums) =>
            {
                ReadOnlySpan<T> x = data.Span;
                int gEnd = Math.Min(groups, (chunk + 1) * GroupsPerChunk);
                for (int g = chunk * GroupsPerChunk; g < gEnd; g++)
                {
                    int first = g * QueriesPerGroup;
                    int q0 = first;
                    int q1 = Math.Min(first + 1, n - 1);
                    int q2 = Math.Min(first + 2, n - 1);
                    int q3 = Math.Min(first + 3, n - 1);
                    ReadOnlySpan<T> r0 = x.Slice(q0 * d, d);
                    ReadOnlySpan<T> r1 = x.Slice(q1 * d, d);
                    ReadOnlySpan<T> r2 = x.Slice(q2 * d, d);
                    ReadOnlySpan<T> r3 = x.Slice(q3 * d, d);
                    if (width == Vector512<T>.Count && Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
                    {
                        SumsVector512(layout, r0, r1, r2, r3, sums);
                    }
                    else if (width == Vector256<T>.Count && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
                    {
                        SumsVector256(layout, r0, r1, r2, r3, sums);
                    }
                    else
                    {
                        SumsScalar(layout, r0, r1, r2, r3, sums);
                    }

                    int last = Math.Min(n, first + QueriesPerGroup);
                    for (int q = first; q < last; q++)
                    {
                        destination[q] = FromSums(sums.AsSpan((q - first) * k, k), codes[q], layout.Counts);
                    }
                }

                return sums;
            },
            static _ => { });
    }

    /// <summary>The silhouette of one sample from its summed distances to every cluster (scikit-learn's definition).</summary>
    internal static double FromSums(ReadOnlySpan<double> sums, int own, ReadOnlySpan<int> counts)
    {
        int ownCount = counts[own];
        if (ownCount <= 1)
        {
            return 0;
        }

        double a = sums[own] / (ownCount - 1);
        double b = double.PositiveInfinity;
        for (int c = 0; c < sums.Length; c++)
        {
            if (c != own)
            {
                b = Math.Min(b, sums[c] / counts[c]);
            }
        }

        double denominator = Math.Max(a, b);
        double s = (b - a) / denominator;
        return double.IsFinite(s) ? s : 0;
    }

    private static void SumsVector512<T>(PackedClusters<T> layout, ReadOnlySpan<T> r0, ReadOnlySpan<T> r1, ReadOnlySpan<T> r2, ReadOnlySpan<T> r3, double[] sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = layout.Dimensions;
        int k = layout.ClusterCount;
        int blockSize = d * Vector512<T>.Count;
        int flushEvery = typeof(T) == typeof(float) ? 16 : int.MaxValue;
        ref T packed = ref MemoryMarshal.GetArrayDataReference(layout.Packed);
        ref T x0 = ref MemoryMarshal.GetReference(r0);
        ref T x1 = ref MemoryMarshal.GetReference(r1);
        ref T x2 = ref MemoryMarshal.GetReference(r2);
        ref T x3 = ref MemoryMarshal.GetReference(r3);
        for (int c = 0; c < k; c++)
        {
            double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
            Vector512<T> s0 = Vector512<T>.Zero, s1 = s0, s2 = s0, s3 = s0;
            int start = layout.BlockStart[c];
            int end = layout.BlockStart[c + 1];
            Vector512<T> lastMask = Mask512<T>(layout.Counts[c] - ((end - start - 1) * Vector512<T>.Count));
            for (int b = start; b < end; b++)
            {
                ref T block = ref Unsafe.Add(ref packed, b * blockSize);
                Vector512<T> a0 = Vector512<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int j = 0; j < d; j++)
                {
                    Vector512<T> v = Vector512.LoadUnsafe(ref block, (nuint)(j * Vector512<T>.Count));
                    Vector512<T> e0 = Vector512.Create(Unsafe.Add(ref x0, j)) - v;
                    Vector512<T> e1 = Vector512.Create(Unsafe.Add(ref x1, j)) - v;
                    Vector512<T> e2 = Vector512.Create(Unsafe.Add(ref x2, j)) - v;
                    Vector512<T> e3 = Vector512.Create(Unsafe.Add(ref x3, j)) - v;
                    a0 = Fma(e0, e0, a0);
                    a1 = Fma(e1, e1, a1);
                    a2 = Fma(e2, e2, a2);
                    a3 = Fma(e3, e3, a3);
                }

                if (b == end - 1)
                {
                    s0 += Vector512.Sqrt(a0) & lastMask;
                    s1 += Vector512.Sqrt(a1) & lastMask;
                    s2 += Vector512.Sqrt(a2) & lastMask;
                    s3 += Vector512.Sqrt(a3) & lastMask;
                }
                else
                {
                    s0 += Vector512.Sqrt(a0);
                    s1 += Vector512.Sqrt(a1);
                    s2 += Vector512.Sqrt(a2);
                    s3 += Vector512.Sqrt(a3);
                }

                if ((b - start + 1) % flushEvery == 0)
                {
                    t0 += double.CreateTruncating(Vector512.Sum(s0));
                    t1 += double.CreateTruncating(Vector512.Sum(s1));
                    t2 += double.CreateTruncating(Vector512.Sum(s2));
                    t3 += double.CreateTruncating(Vector512.Sum(s3));
                    s0 = s1 = s2 = s3 = Vector512<T>.Zero;
                }
            }

            sums[c] = t0 + double.CreateTruncating(Vector512.Sum(s0));
            sums[k + c] = t1 + double.CreateTruncating(Vector512.Sum(s1));
            sums[(2 * k) + c] = t2 + double.CreateTruncating(Vector512.Sum(s2));
            sums[(3 * k) + c] = t3 + double.CreateTruncating(Vector512.Sum(s3));
        }
    }

    private static void SumsVector256<T>(PackedClusters<T> layout, ReadOnlySpan<T> r0, ReadOnlySpan<T> r1, ReadOnlySpan<T> r2, ReadOnlySpan<T> r3, double[] sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = layout.Dimensions;
        int k = layout.ClusterCount;
        int blockSize = d * Vector256<T>.Count;
        int flushEvery = typeof(T) == typeof(float) ? 32 : int.MaxValue;
        ref T packed = ref MemoryMarshal.GetArrayDataReference(layout.Packed);
        ref T x0 = ref MemoryMarshal.GetReference(r0);
        ref T x1 = ref MemoryMarshal.GetReference(r1);
        ref T x2 = ref MemoryMarshal.GetReference(r2);
        ref T x3 = ref MemoryMarshal.GetReference(r3);
        for (int c = 0; c < k; c++)
        {
            double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
            Vector256<T> s0 = Vector256<T>.Zero, s1 = s0, s2 = s0, s3 = s0;
            int start = layout.BlockStart[c];
            int end = layout.BlockStart[c + 1];
            Vector256<T> lastMask = Mask256<T>(layout.Counts[c] - ((end - start - 1) * Vector256<T>.Count));
            for (int b = start; b < end; b++)
            {
                ref T block = ref Unsafe.Add(ref packed, b * blockSize);
                Vector256<T> a0 = Vector256<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int j = 0; j < d; j++)
                {
                    Vector256<T> v = Vector256.LoadUnsafe(ref block, (nuint)(j * Vector256<T>.Count));
                    Vector256<T> e0 = Vector256.Create(Unsafe.Add(ref x0, j)) - v;
                    Vector256<T> e1 = Vector256.Create(Unsafe.Add(ref x1, j)) - v;
                    Vector256<T> e2 = Vector256.Create(Unsafe.Add(ref x2, j)) - v;
                    Vector256<T> e3 = Vector256.Create(Unsafe.Add(ref x3, j)) - v;
                    a0 = Fma(e0, e0, a0);
                    a1 = Fma(e1, e1, a1);
                    a2 = Fma(e2, e2, a2);
                    a3 = Fma(e3, e3, a3);
                }

                if (b == end - 1)
                {
                    s0 += Vector256.Sqrt(a0) & lastMask;
                    s1 += Vector256.Sqrt(a1) & lastMask;
                    s2 += Vector256.Sqrt(a2) & lastMask;
                    s3 += Vector256.Sqrt(a3) & lastMask;
                }
                else
                {
                    s0 += Vector256.Sqrt(a0);
                    s1 += Vector256.Sqrt(a1);
                    s2 += Vector256.Sqrt(a2);
                    s3 += Vector256.Sqrt(a3);
                }

                if ((b - start + 1) % flushEvery == 0)
                {
                    t0 += double.CreateTruncating(Vector256.Sum(s0));
                    t1 += double.CreateTruncating(Vector256.Sum(s1));
                    t2 += double.CreateTruncating(Vector256.Sum(s2));
                    t3 += double.CreateTruncating(Vector256.Sum(s3));
                    s0 = s1 = s2 = s3 = Vector256<T>.Zero;
                }
            }

            sums[c] = t0 + double.CreateTruncating(Vector256.Sum(s0));
            sums[k + c] = t1 + double.CreateTruncating(Vector256.Sum(s1));
            sums[(2 * k) + c] = t2 + double.CreateTruncating(Vector256.Sum(s2));
            sums[(3 * k) + c] = t3 + double.CreateTruncating(Vector256.Sum(s3));
        }
    }

    private static void SumsScalar<T>(PackedClusters<T> layout, ReadOnlySpan<T> r0, ReadOnlySpan<T> r1, ReadOnlySpan<T> r2, ReadOnlySpan<T> r3, double[] sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Width 1: the packed layout is the data sorted by cluster, row-major.
        int d = layout.Dimensions;
        int k = layout.ClusterCount;
        T[] packed = layout.Packed;
        for (int c = 0; c < k; c++)
        {
            double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
            for (int b = layout.BlockStart[c]; b < layout.BlockStart[c + 1]; b++)
            {
                ReadOnlySpan<T> p = packed.AsSpan(b * d, d);
                t0 += Distance(r0, p);
                t1 += Distance(r1, p);
                t2 += Distance(r2, p);
                t3 += Distance(r3, p);
            }

            sums[c] = t0;
            sums[k + c] = t1;
            sums[(2 * k) + c] = t2;
            sums[(3 * k) + c] = t3;
        }
    }

    /// <summary>Euclidean distance computed in double, the scalar reference.</summary>
    internal static double Distance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double e = double.CreateTruncating(a[j]) - double.CreateTruncating(b[j]);
            sum += e * e;
        }

        return Math.Sqrt(sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }

    private static Vector512<T> Mask512<T>(int valid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> lanes = stackalloc T[Vector512<T>.Count];
        T allBits = BitConverterAllBits<T>();
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = i < valid ? allBits : T.Zero;
        }

        return Vector512.Create<T>(lanes);
    }

    private static Vector256<T> Mask256<T>(int valid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        T allBits = BitConverterAllBits<T>();
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = i < valid ? allBits : T.Zero;
        }

        return Vector256.Create<T>(lanes);
    }

    private static T BitConverterAllBits<T>()
        where T : unmanaged
    {
        T value = default;
        MemoryMarshal.AsBytes(new Span<T>(ref value)).Fill(0xFF);
        return value;
    }
}

/// <summary>The data sorted by cluster and packed in lane-transposed blocks: block b holds d rows of <c>width</c> lanes.</summary>
internal sealed class PackedClusters<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private PackedClusters(T[] packed, int[] blockStart, int[] counts, int dimensions)
    {
        Packed = packed;
        BlockStart = blockStart;
        Counts = counts;
        Dimensions = dimensions;
    }

    public T[] Packed { get; }

    /// <summary>Gets the first block of each cluster; entry k is the total block count.</summary>
    public int[] BlockStart { get; }

    public int[] Counts { get; }

    public int Dimensions { get; }

    public int ClusterCount => Counts.Length;

    public static PackedClusters<T> Create(ReadOnlySpan<T> data, int n, int d, ReadOnlySpan<int> codes, int k, int width)
    {
        var counts = new int[k];
        for (int i = 0; i < n; i++)
        {
            counts[codes[i]]++;
        }

        var blockStart = new int[k + 1];
        for (int c = 0; c < k; c++)
        {
            blockStart[c + 1] = blockStart[c] + ((counts[c] + width - 1) / width);
        }

        var packed = new T[(long)blockStart[k] * d * width];
        var fill = new int[k];
        for (int i = 0; i < n; i++)
        {
            int c = codes[i];
            int p = fill[c]++;
            int block = blockStart[c] + (p / width);
            int lane = p % width;
            int baseIndex = block * d * width;
            ReadOnlySpan<T> row = data.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                packed[baseIndex + (j * width) + lane] = row[j];
            }
        }

        return new PackedClusters<T>(packed, blockStart, counts, d);
    }
}
