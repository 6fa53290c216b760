using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Direct squared Euclidean distance <c>sum_j (a_j - b_j)^2</c> with two independent accumulators,
/// one width-generic body dispatched Vector512 -> Vector256 -> scalar. Used where accuracy matters
/// (final inertia, seeding).
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
        if (Simd512<T>.IsAccelerated && length >= Vector512<T>.Count)
        {
            result = Distance<T, Vector512<T>, Simd512<T>>(ref a, ref b, length, out i);
        }
        else if (Simd256<T>.IsAccelerated && length >= Vector256<T>.Count)
        {
            result = Distance<T, Vector256<T>, Simd256<T>>(ref a, ref b, length, out i);
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
        if (Simd512<T>.IsAccelerated && length >= Vector512<T>.Count)
        {
            return SquaredNorm<T, Vector512<T>, Simd512<T>>(ref a, length);
        }

        if (Simd256<T>.IsAccelerated && length >= Vector256<T>.Count)
        {
            return SquaredNorm<T, Vector256<T>, Simd256<T>>(ref a, length);
        }

        T result = T.Zero;
        for (int i = 0; i < length; i++)
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

    /// <summary>The width-generic body (length at least one vector): two accumulators, then one vector; <paramref name="done"/> is where the scalar tail starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Distance<T, TVector, TWidth>(ref T a, ref T b, int length, out int done)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int w = TWidth.Count;
        int i = 0;
        TVector acc0 = TWidth.Zero;
        TVector acc1 = TWidth.Zero;
        for (; i <= length - (2 * w); i += 2 * w)
        {
            TVector d0 = TWidth.Subtract(TWidth.Load(ref a, (nuint)i), TWidth.Load(ref b, (nuint)i));
            TVector d1 = TWidth.Subtract(TWidth.Load(ref a, (nuint)(i + w)), TWidth.Load(ref b, (nuint)(i + w)));
            acc0 = TWidth.Fma(d0, d0, acc0);
            acc1 = TWidth.Fma(d1, d1, acc1);
        }

        if (i <= length - w)
        {
            TVector d0 = TWidth.Subtract(TWidth.Load(ref a, (nuint)i), TWidth.Load(ref b, (nuint)i));
            acc0 = TWidth.Fma(d0, d0, acc0);
            i += w;
        }

        done = i;
        return TWidth.Sum(TWidth.Add(acc0, acc1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SquaredNorm<T, TVector, TWidth>(ref T a, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int i = 0;
        TVector acc = TWidth.Zero;
        for (; i <= length - TWidth.Count; i += TWidth.Count)
        {
            TVector v = TWidth.Load(ref a, (nuint)i);
            acc = TWidth.Fma(v, v, acc);
        }

        T result = TWidth.Sum(acc);
        for (; i < length; i++)
        {
            T v = Unsafe.Add(ref a, i);
            result += v * v;
        }

        return result;
    }
}
