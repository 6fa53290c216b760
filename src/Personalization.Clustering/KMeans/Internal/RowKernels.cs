using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>Small row kernels: add a row into a sum, check a block for NaN/Infinity.</summary>
internal static class RowKernels
{
    /// <summary><c>sum[j] += x[j]</c> for j in [0, d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(ref T x, ref T sum, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= d - Vector512<T>.Count; j += Vector512<T>.Count)
            {
                (Vector512.LoadUnsafe(ref sum, (nuint)j) + Vector512.LoadUnsafe(ref x, (nuint)j)).StoreUnsafe(ref sum, (nuint)j);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= d - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref sum, (nuint)j) + Vector256.LoadUnsafe(ref x, (nuint)j)).StoreUnsafe(ref sum, (nuint)j);
            }
        }

        for (; j < d; j++)
        {
            Unsafe.Add(ref sum, j) += Unsafe.Add(ref x, j);
        }
    }

    /// <summary><c>sum[j] += w * x[j]</c> for j in [0, d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<T>(ref T x, ref T sum, int d, T w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> wv = Vector512.Create(w);
            for (; j <= d - Vector512<T>.Count; j += Vector512<T>.Count)
            {
                VectorMath.Fma(Vector512.LoadUnsafe(ref x, (nuint)j), wv, Vector512.LoadUnsafe(ref sum, (nuint)j)).StoreUnsafe(ref sum, (nuint)j);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> wv = Vector256.Create(w);
            for (; j <= d - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                VectorMath.Fma(Vector256.LoadUnsafe(ref x, (nuint)j), wv, Vector256.LoadUnsafe(ref sum, (nuint)j)).StoreUnsafe(ref sum, (nuint)j);
            }
        }

        for (; j < d; j++)
        {
            Unsafe.Add(ref sum, j) = T.FusedMultiplyAdd(Unsafe.Add(ref x, j), w, Unsafe.Add(ref sum, j));
        }
    }

    /// <summary>
    /// Adds <paramref name="copies"/> consecutive copies of a block of partial sums (each of
    /// <c>target.Length</c> values) into <paramref name="target"/>: <c>target[i] += (double)source[i + c * n]</c>
    /// for c = 0, 1, ... in order, then clears <paramref name="source"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FlushInto<T>(Span<T> source, int copies, Span<double> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = target.Length;
        ref double t0 = ref MemoryMarshal.GetReference(target);
        for (int c = 0; c < copies; c++)
        {
            ref T s0 = ref MemoryMarshal.GetReference(source.Slice(c * n, n));
            int i = 0;
            if (Vector512.IsHardwareAccelerated && typeof(T) == typeof(float))
            {
                ref float f0 = ref Unsafe.As<T, float>(ref s0);
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref f0, (nuint)i));
                    (Vector512.LoadUnsafe(ref t0, (nuint)i) + lower).StoreUnsafe(ref t0, (nuint)i);
                    (Vector512.LoadUnsafe(ref t0, (nuint)(i + 8)) + upper).StoreUnsafe(ref t0, (nuint)(i + 8));
                }
            }
            else if (Vector512.IsHardwareAccelerated && typeof(T) == typeof(double))
            {
                ref double d0 = ref Unsafe.As<T, double>(ref s0);
                for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
                {
                    (Vector512.LoadUnsafe(ref t0, (nuint)i) + Vector512.LoadUnsafe(ref d0, (nuint)i)).StoreUnsafe(ref t0, (nuint)i);
                }
            }

            for (; i < n; i++)
            {
                Unsafe.Add(ref t0, i) += double.CreateTruncating(Unsafe.Add(ref s0, i));
            }
        }

        source.Clear();
    }

    /// <summary>Returns true when every value is finite (x - x is 0 for finite x and NaN otherwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && values.Length >= Vector512<T>.Count)
        {
            Vector512<T> acc = Vector512<T>.Zero;
            for (; i <= values.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                Vector512<T> v = Vector512.LoadUnsafe(ref start, (nuint)i);
                acc += v - v;
            }

            if (!Vector512.EqualsAll(acc, Vector512<T>.Zero))
            {
                return false;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(Unsafe.Add(ref start, i)))
            {
                return false;
            }
        }

        return true;
    }
}
