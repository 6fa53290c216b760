using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Personalization.Internal;

namespace Personalization.Uplift.Internal;

/// <content>Histogram construction: row-major bin codes, (Σg, Σh, rows, 0) cells added as one vector, feature blocks, subtraction.</content>
internal sealed partial class HistogramTreeBuilder
{
    /// <summary>Row-major copy (n × d) of the column-major bin codes.</summary>
    private static byte[] RowMajor(byte[] bins, int n, int d, ParallelOptions parallel)
    {
        var result = new byte[(long)n * d];
        const int Chunk = 8192;
        int chunks = (n + Chunk - 1) / Chunk;
        ChunkParallel.For(chunks, parallel, c =>
        {
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int j = 0; j < d; j++)
            {
                ReadOnlySpan<byte> column = bins.AsSpan(j * n, n);
                for (int r = c * Chunk; r < end; r++)
                {
                    result[(r * d) + j] = column[r];
                }
            }
        });
        return result;
    }

    /// <summary>The histogram (cells of Σg, Σh, rows, 0 per bin; feature-major with stride <see cref="Stride"/>) of rows[start, end).</summary>
    private double[] Histogram(int start, int end)
    {
        double[] hist = _pool.Count > 0 ? _pool.Pop() : new double[_d * Stride];
        for (int j = 0; j < _d; j++)
        {
            hist.AsSpan(j * Stride, _binCounts[j] * Cell).Clear();
        }

        int count = end - start;
        if (_blocks > 1 && (long)count * _d >= 32768)
        {
            ChunkParallel.For(_blocks, _parallel, b => Accumulate(hist, start, end, b * _d / _blocks, (b + 1) * _d / _blocks));
        }
        else
        {
            Accumulate(hist, start, end, 0, _d);
        }

        return hist;
    }

    /// <summary>
    /// Adds rows[start, end) to the histograms of features [from, to), in row order: each row's
    /// (g, h, 1, 0) is added to its bin's cell as one 256-bit vector (lane by lane the same sums as
    /// three scalar additions, so the result does not depend on the instruction set).
    /// </summary>
    private void Accumulate(double[] hist, int start, int end, int from, int to)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            AccumulateVector256(hist, start, end, from, to);
        }
        else
        {
            AccumulateScalar(hist, start, end, from, to);
        }
    }

    private void AccumulateVector256(double[] hist, int start, int end, int from, int to)
    {
        nint d = _d;
        int m = to - from;
        ref byte bins = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rowBins), from);
        ref double first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(hist), from * Stride);
        ref double gh = ref MemoryMarshal.GetArrayDataReference(_gh);
        Vector128<double> one = Vector128.Create(1.0, 0.0);
        ReadOnlySpan<int> rows = _rows.AsSpan(start, end - start);
        foreach (int r in rows)
        {
            Vector256<double> add = Vector256.Create(Vector128.LoadUnsafe(ref gh, (nuint)r * 2), one);
            ref byte row = ref Unsafe.Add(ref bins, r * d);
            ref double feature = ref first;
            int j = 0;
            for (; j <= m - 4; j += 4)
            {
                AddToCell(ref feature, ((nint)row * Cell), add);
                AddToCell(ref feature, ((nint)Unsafe.Add(ref row, 1) * Cell) + Stride, add);
                AddToCell(ref feature, ((nint)Unsafe.Add(ref row, 2) * Cell) + (2 * Stride), add);
                AddToCell(ref feature, ((nint)Unsafe.Add(ref row, 3) * Cell) + (3 * Stride), add);
                feature = ref Unsafe.Add(ref feature, 4 * Stride);
                row = ref Unsafe.Add(ref row, 4);
            }

            for (; j < m; j++)
            {
                AddToCell(ref feature, (nint)row * Cell, add);
                feature = ref Unsafe.Add(ref feature, Stride);
                row = ref Unsafe.Add(ref row, 1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddToCell(ref double feature, nint offset, Vector256<double> add)
    {
        ref double cell = ref Unsafe.Add(ref feature, offset);
        (Vector256.LoadUnsafe(ref cell) + add).StoreUnsafe(ref cell);
    }

    private void AccumulateScalar(double[] hist, int start, int end, int from, int to)
    {
        int d = _d;
        ReadOnlySpan<int> rows = _rows.AsSpan(start, end - start);
        foreach (int r in rows)
        {
            double gr = _gh[2 * r], hr = _gh[(2 * r) + 1];
            int row = r * d;
            for (int j = from; j < to; j++)
            {
                int cell = (j * Stride) + (Cell * _rowBins[row + j]);
                hist[cell] += gr;
                hist[cell + 1] += hr;
                hist[cell + 2] += 1;
            }
        }
    }

    /// <summary>parent −= child over every feature's used bins.</summary>
    private void Subtract(double[] parent, double[] child)
    {
        for (int j = 0; j < _d; j++)
        {
            Span<double> p = parent.AsSpan(j * Stride, _binCounts[j] * Cell);
            System.Numerics.Tensors.TensorPrimitives.Subtract(p, child.AsSpan(j * Stride, _binCounts[j] * Cell), p);
        }
    }
}
