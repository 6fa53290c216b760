using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Ward linkage by the nearest-neighbour chain (Müllner 2011, SciPy's <c>nn_chain</c>) over cluster
/// means instead of a distance matrix. Ties prefer the previous chain element, then the lowest
/// cluster slot, exactly as SciPy.
/// </summary>
internal static class WardChain
{
    /// <summary>
    /// Ward linkage from cluster means: d(A, B)^2 = 2 |A||B| / (|A| + |B|) ||mean_A - mean_B||^2. No
    /// distance matrix; O(n d) memory and O(n^2 d) time.
    /// </summary>
    public static void Ward<T>(ReadOnlySpan<T> data, int n, int d, int[] left, int[] right, double[] heights, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int stride = Stride(d);
        var means = new double[(long)n * stride];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                means[((long)i * stride) + j] = double.CreateTruncating(data[(i * d) + j]);
            }
        }

        var size = new int[n];
        Array.Fill(size, 1);
        var chain = new int[n];
        var active = new ActiveSlots(n);
        int chainLength = 0;
        for (int k = 0; k < n - 1; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (chainLength == 0)
            {
                chain[0] = active.First();
                chainLength = 1;
            }

            int x;
            int y;
            double currentMin;
            while (true)
            {
                x = chain[chainLength - 1];
                ReadOnlySpan<double> mx = means.AsSpan(x * stride, stride);
                double sx = size[x];
                if (chainLength > 1)
                {
                    y = chain[chainLength - 2];
                    currentMin = WardSquared(mx, sx, means.AsSpan(y * stride, stride), size[y]);
                }
                else
                {
                    y = -1;
                    currentMin = double.PositiveInfinity;
                }

                ReadOnlySpan<int> slots = active.Slots;
                for (int s = 0; s < slots.Length; s++)
                {
                    int i = slots[s];
                    if (i == x)
                    {
                        continue;
                    }

                    double dist = WardSquared(mx, sx, means.AsSpan(i * stride, stride), size[i]);
                    if (dist < currentMin)
                    {
                        currentMin = dist;
                        y = i;
                    }
                }

                if (chainLength > 1 && y == chain[chainLength - 2])
                {
                    break;
                }

                chain[chainLength++] = y;
            }

            chainLength -= 2;
            if (x > y)
            {
                (x, y) = (y, x);
            }

            int nx = size[x];
            int ny = size[y];
            left[k] = x;
            right[k] = y;
            heights[k] = Math.Sqrt(currentMin);
            Span<double> my = means.AsSpan(y * stride, stride);
            ReadOnlySpan<double> mxOld = means.AsSpan(x * stride, stride);
            double total = nx + ny;
            for (int j = 0; j < d; j++)
            {
                my[j] = ((nx * mxOld[j]) + (ny * my[j])) / total;
            }

            size[x] = 0;
            size[y] = nx + ny;
            active.Remove(x);
        }
    }

    private static int Stride(int d)
    {
        int width = Vector512.IsHardwareAccelerated ? Vector512<double>.Count : Vector256<double>.Count;
        return (d + width - 1) / width * width;
    }

    private static double WardSquared(ReadOnlySpan<double> a, double sa, ReadOnlySpan<double> b, double sb)
    {
        double squared = SquaredDistancePadded(a, b);
        return 2.0 * sa * sb / (sa + sb) * squared;
    }

    /// <summary>Squared distance of two zero-padded rows whose length is a multiple of the vector width.</summary>
    private static double SquaredDistancePadded(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (Simd512<double>.IsAccelerated)
        {
            return SquaredDistancePadded<Vector512<double>, Simd512<double>>(a, b);
        }

        if (Simd256<double>.IsAccelerated)
        {
            return SquaredDistancePadded<Vector256<double>, Simd256<double>>(a, b);
        }

        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double e = a[j] - b[j];
            sum += e * e;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SquaredDistancePadded<TVector, TWidth>(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, double>
    {
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        TVector acc = TWidth.Zero;
        for (int j = 0; j < a.Length; j += TWidth.Count)
        {
            TVector e = TWidth.Subtract(TWidth.Load(ref ra, (nuint)j), TWidth.Load(ref rb, (nuint)j));
            acc = TWidth.Fma(e, e, acc);
        }

        return TWidth.Sum(acc);
    }
}
