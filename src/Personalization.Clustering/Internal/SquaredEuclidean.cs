using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Direct squared Euclidean distance <c>sum_j (a_j - b_j)^2</c>, Vector512 -> Vector256 -> scalar,
/// with two independent accumulators. Used where accuracy matters (final inertia, seeding).
/// </summary>
internal static class SquaredEuclidean
{
    /// <summary>Returns the squared distance between two equally long spans.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Distance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        return Distance(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>Returns the squared distance between <paramref name="length"/> values at two references.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Distance<T>(ref T a, ref T b, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T result = T.Zero;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<T>.Count)
        {
            Vector512<T> acc0 = Vector512<T>.Zero;
            Vector512<T> acc1 = Vector512<T>.Zero;
            int w = Vector512<T>.Count;
            for (; i <= length - (2 * w); i += 2 * w)
            {
                Vector512<T> d0 = Vector512.LoadUnsafe(ref a, (nuint)i) - Vector512.LoadUnsafe(ref b, (nuint)i);
                Vector512<T> d1 = Vector512.LoadUnsafe(ref a, (nuint)(i + w)) - Vector512.LoadUnsafe(ref b, (nuint)(i + w));
                acc0 = VectorMath.Fma(d0, d0, acc0);
                acc1 = VectorMath.Fma(d1, d1, acc1);
            }

            if (i <= length - w)
            {
                Vector512<T> d0 = Vector512.LoadUnsafe(ref a, (nuint)i) - Vector512.LoadUnsafe(ref b, (nuint)i);
                acc0 = VectorMath.Fma(d0, d0, acc0);
                i += w;
            }

            result = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && length >= Vector256<T>.Count)
        {
            Vector256<T> acc0 = Vector256<T>.Zero;
            Vector256<T> acc1 = Vector256<T>.Zero;
            int w = Vector256<T>.Count;
            for (; i <= length - (2 * w); i += 2 * w)
            {
                Vector256<T> d0 = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                Vector256<T> d1 = Vector256.LoadUnsafe(ref a, (nuint)(i + w)) - Vector256.LoadUnsafe(ref b, (nuint)(i + w));
                acc0 = VectorMath.Fma(d0, d0, acc0);
                acc1 = VectorMath.Fma(d1, d1, acc1);
            }

            if (i <= length - w)
            {
                Vector256<T> d0 = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                acc0 = VectorMath.Fma(d0, d0, acc0);
                i += w;
            }

            result = Vector256.Sum(acc0 + acc1);
        }

        for (; i < length; i++)
        {
            T d = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            result += d * d;
        }

        return result;
    }

    /// <summary>Returns the squared norm <c>sum_j a_j^2</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SquaredNorm<T>(ref T a, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T result = T.Zero;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<T>.Count)
        {
            Vector512<T> acc = Vector512<T>.Zero;
            for (; i <= length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                Vector512<T> v = Vector512.LoadUnsafe(ref a, (nuint)i);
                acc = VectorMath.Fma(v, v, acc);
            }

            result = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && length >= Vector256<T>.Count)
        {
            Vector256<T> acc = Vector256<T>.Zero;
            for (; i <= length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref a, (nuint)i);
                acc = VectorMath.Fma(v, v, acc);
            }

            result = Vector256.Sum(acc);
        }

        for (; i < length; i++)
        {
            T v = Unsafe.Add(ref a, i);
            result += v * v;
        }

        return result;
    }

    /// <summary>The scalar reference: one accumulator, in order, in double.</summary>
    public static double DistanceScalar<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double result = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = double.CreateTruncating(a[i]) - double.CreateTruncating(b[i]);
            result += d * d;
        }

        return result;
    }
}
