using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Personalization.Uplift.Internal;

/// <content>Histogram construction: row-major bin codes, feature blocks, subtraction.</content>
internal sealed partial class HistogramTreeBuilder
{
    /// <summary>Row-major copy (n × d) of the column-major bin codes.</summary>
    private static byte[] RowMajor(byte[] bins, int n, int d, ParallelOptions parallel)
    {
        var result = new byte[(long)n * d];
        const int Chunk = 8192;
        int chunks = (n + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, parallel, c =>
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

    /// <summary>The histogram (Σg, Σh, rows per bin, feature-major with stride 768) of rows[start, end).</summary>
    private double[] Histogram(int start, int end)
    {
        double[] hist = _pool.Count > 0 ? _pool.Pop() : new double[_d * Stride];
        for (int j = 0; j < _d; j++)
        {
            hist.AsSpan(j * Stride, _binCounts[j] * 3).Clear();
        }

        int count = end - start;
        if (_blocks > 1 && (long)count * _d >= 32768)
        {
            Parallel.For(0, _blocks, _parallel, b => Accumulate(hist, start, end, b * _d / _blocks, (b + 1) * _d / _blocks));
        }
        else
        {
            Accumulate(hist, start, end, 0, _d);
        }

        return hist;
    }

    /// <summary>Adds rows[start, end) to the histograms of features [from, to), in row order.</summary>
    private void Accumulate(double[] hist, int start, int end, int from, int to)
    {
        int d = _d;
        ref byte bins = ref MemoryMarshal.GetArrayDataReference(_rowBins);
        ref double h0 = ref MemoryMarshal.GetArrayDataReference(hist);
        ref double g = ref MemoryMarshal.GetArrayDataReference(_g);
        ref double h = ref MemoryMarshal.GetArrayDataReference(_h);
        ReadOnlySpan<int> rows = _rows.AsSpan(start, end - start);
        foreach (int r in rows)
        {
            double gr = Unsafe.Add(ref g, r), hr = Unsafe.Add(ref h, r);
            ref byte row = ref Unsafe.Add(ref bins, (nint)r * d);
            for (int j = from; j < to; j++)
            {
                ref double cell = ref Unsafe.Add(ref h0, (j * Stride) + (3 * Unsafe.Add(ref row, j)));
                cell += gr;
                Unsafe.Add(ref cell, 1) += hr;
                Unsafe.Add(ref cell, 2) += 1;
            }
        }
    }

    /// <summary>parent −= child over every feature's used bins.</summary>
    private void Subtract(double[] parent, double[] child)
    {
        for (int j = 0; j < _d; j++)
        {
            Span<double> p = parent.AsSpan(j * Stride, _binCounts[j] * 3);
            System.Numerics.Tensors.TensorPrimitives.Subtract(p, child.AsSpan(j * Stride, _binCounts[j] * 3), p);
        }
    }
}
