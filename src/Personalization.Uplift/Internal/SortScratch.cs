using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Personalization.Uplift.Internal;

/// <summary>
/// Sorts one feature column (finite doubles) by an LSD radix sort on order-preserving 64-bit keys,
/// optionally carrying each value's row number; byte passes in which every key has the same digit are
/// skipped. The buffers are reused from column to column (one scratch per thread).
/// </summary>
internal sealed class SortScratch
{
    private const int Passes = 8;

    private readonly int _n;
    private readonly bool _withRows;
    private readonly double[] _sorted;
    private readonly int[] _counts = new int[Passes * 256];
    private ulong[] _keys;
    private ulong[] _keysOut;
    private int[] _rows;
    private int[] _rowsOut;

    public SortScratch(int n, bool withRows)
    {
        _n = n;
        _withRows = withRows;
        _sorted = new double[n];
        _keys = new ulong[n];
        _keysOut = new ulong[n];
        _rows = withRows ? new int[n] : [];
        _rowsOut = withRows ? new int[n] : [];
    }

    /// <summary>Gets the column's values in increasing order after <see cref="Sort"/>.</summary>
    public ReadOnlySpan<double> Sorted => _sorted;

    /// <summary>Gets the row of each sorted value (when built with rows); equal values keep their row order.</summary>
    public ReadOnlySpan<int> Rows => _rows;

    /// <summary>Sorts column <paramref name="j"/> of <paramref name="x"/>.</summary>
    public void Sort(FeatureMatrix<double> x, int j)
    {
        int n = _n, d = x.ColumnCount;
        ReadOnlySpan<double> values = x.AsMemory().Span;
        Span<int> counts = _counts;
        counts.Clear();
        ulong[] keys = _keys;
        for (int r = 0; r < n; r++)
        {
            ulong key = Key(values[(r * d) + j]);
            keys[r] = key;
            for (int p = 0; p < Passes; p++)
            {
                counts[(p * 256) + (int)((key >> (8 * p)) & 0xFF)]++;
            }
        }

        if (_withRows)
        {
            for (int r = 0; r < n; r++)
            {
                _rows[r] = r;
            }
        }

        for (int p = 0; p < Passes; p++)
        {
            Span<int> c = counts.Slice(p * 256, 256);
            if (c[(int)((_keys[0] >> (8 * p)) & 0xFF)] == n)
            {
                continue;
            }

            int offset = 0;
            for (int b = 0; b < 256; b++)
            {
                int count = c[b];
                c[b] = offset;
                offset += count;
            }

            Scatter(c, 8 * p);
            (_keys, _keysOut) = (_keysOut, _keys);
            if (_withRows)
            {
                (_rows, _rowsOut) = (_rowsOut, _rows);
            }
        }

        keys = _keys;
        for (int i = 0; i < n; i++)
        {
            _sorted[i] = Value(keys[i]);
        }
    }

    private void Scatter(Span<int> offsets, int shift)
    {
        ref ulong src = ref MemoryMarshal.GetArrayDataReference(_keys);
        ref ulong dst = ref MemoryMarshal.GetArrayDataReference(_keysOut);
        ref int next = ref MemoryMarshal.GetReference(offsets);
        if (_withRows)
        {
            ref int rowSrc = ref MemoryMarshal.GetArrayDataReference(_rows);
            ref int rowDst = ref MemoryMarshal.GetArrayDataReference(_rowsOut);
            for (int i = 0; i < _n; i++)
            {
                ulong key = Unsafe.Add(ref src, i);
                ref int slot = ref Unsafe.Add(ref next, (int)((key >> shift) & 0xFF));
                Unsafe.Add(ref dst, slot) = key;
                Unsafe.Add(ref rowDst, slot) = Unsafe.Add(ref rowSrc, i);
                slot++;
            }
        }
        else
        {
            for (int i = 0; i < _n; i++)
            {
                ulong key = Unsafe.Add(ref src, i);
                ref int slot = ref Unsafe.Add(ref next, (int)((key >> shift) & 0xFF));
                Unsafe.Add(ref dst, slot) = key;
                slot++;
            }
        }
    }

    /// <summary>An unsigned key in the order of the doubles: negative values have every bit flipped, others the sign bit.</summary>
    private static ulong Key(double value)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        return bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);
    }

    private static double Value(ulong key) =>
        BitConverter.UInt64BitsToDouble((key & 0x8000_0000_0000_0000UL) != 0 ? key ^ 0x8000_0000_0000_0000UL : ~key);
}
