using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Internal;

/// <summary>Vectorized search for the first NaN or infinity (shared source, compiled into each package).</summary>
internal static class FiniteScan
{
    /// <summary>Returns the index of the first non-finite value, or -1.</summary>
    public static int IndexOfNonFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && values.Length >= Vector512<T>.Count)
        {
            ref T start = ref MemoryMarshal.GetReference(values);
            int last = values.Length - Vector512<T>.Count;
            for (; i <= last; i += Vector512<T>.Count)
            {
                Vector512<T> v = Vector512.LoadUnsafe(ref start, (nuint)i);
                // x - x is 0 for every finite x and NaN for NaN and +-Infinity.
                if (!Vector512.EqualsAll(v - v, Vector512<T>.Zero))
                {
                    break;
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && values.Length >= Vector256<T>.Count)
        {
            ref T start = ref MemoryMarshal.GetReference(values);
            int last = values.Length - Vector256<T>.Count;
            for (; i <= last; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                if (!Vector256.EqualsAll(v - v, Vector256<T>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
