using System.Collections.Concurrent;
using Personalization.Internal;

namespace Personalization.Uplift.Internal;

/// <summary>Quantile binning of features into at most 256 bins; bin b holds values in (t[b-1], t[b]].</summary>
internal static class FeatureBinner
{
    /// <summary>Computes thresholds per feature: at most <paramref name="maxBins"/> - 1 increasing upper bounds (features in parallel; each feature's result does not depend on the thread count).</summary>
    public static double[][] Thresholds(FeatureMatrix<double> x, int maxBins, ParallelOptions? parallel = null)
    {
        int n = x.RowCount, d = x.ColumnCount;
        var result = new double[d][];
        var pool = new ConcurrentBag<SortScratch>();
        ChunkParallel.For(d, parallel ?? new ParallelOptions(), j =>
        {
            // The scratch is only a buffer (every use overwrites it), so which worker's scratch a feature gets does not matter.
            SortScratch scratch = pool.TryTake(out SortScratch? free) ? free : new SortScratch(n, withRows: false);
            scratch.Sort(x, j);
            result[j] = ColumnThresholds(scratch.Sorted, maxBins);
            pool.Add(scratch);
        });
        return result;
    }

    /// <summary>
    /// The thresholds of <see cref="Thresholds"/> and the bin codes of <see cref="BinColumns"/> in one
    /// sort per feature: each feature's values are sorted with their row numbers, the thresholds come
    /// from the sorted values and every row's bin from its place in the sorted order (no search).
    /// </summary>
    public static byte[] Bin(FeatureMatrix<double> x, int maxBins, ParallelOptions parallel, out double[][] thresholds)
    {
        int n = x.RowCount, d = x.ColumnCount;
        var result = new double[d][];
        var bins = new byte[n * d];
        var pool = new ConcurrentBag<SortScratch>();
        ChunkParallel.For(d, parallel, j =>
        {
            SortScratch scratch = pool.TryTake(out SortScratch? free) ? free : new SortScratch(n, withRows: true);
            scratch.Sort(x, j);
            double[] t = ColumnThresholds(scratch.Sorted, maxBins);
            result[j] = t;
            ReadOnlySpan<double> sorted = scratch.Sorted;
            ReadOnlySpan<int> rowOf = scratch.Rows;
            Span<byte> dst = bins.AsSpan(j * n, n);
            int b = 0;
            for (int i = 0; i < n; i++)
            {
                double v = sorted[i];
                while (b < t.Length && v > t[b])
                {
                    b++;
                }

                dst[rowOf[i]] = (byte)b;
            }

            pool.Add(scratch);
        });
        thresholds = result;
        return bins;
    }

    /// <summary>The thresholds of one feature from its values in increasing order.</summary>
    private static double[] ColumnThresholds(ReadOnlySpan<double> column, int maxBins)
    {
        int n = column.Length;
        int distinct = 1;
        for (int i = 1; i < n; i++)
        {
            if (column[i] != column[i - 1])
            {
                distinct++;
            }
        }

        var thresholds = new List<double>(Math.Min(distinct, maxBins));
        if (distinct <= maxBins)
        {
            for (int i = 1; i < n; i++)
            {
                if (column[i] != column[i - 1])
                {
                    thresholds.Add(column[i - 1] + ((column[i] - column[i - 1]) / 2));
                }
            }
        }
        else
        {
            for (int q = 1; q < maxBins; q++)
            {
                double v = column[(int)((long)q * n / maxBins)];
                if (thresholds.Count == 0 || v > thresholds[^1])
                {
                    thresholds.Add(v);
                }
            }
        }

        return [.. thresholds];
    }

    /// <summary>Returns the bin of <paramref name="value"/>: the first b with value &lt;= t[b], or t.Length.</summary>
    public static int Bin(ReadOnlySpan<double> thresholds, double value)
    {
        int lo = 0, hi = thresholds.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (value <= thresholds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>Bins every value; column-major result (feature j at [j * n, (j + 1) * n)).</summary>
    public static byte[] BinColumns(FeatureMatrix<double> x, double[][] thresholds, ParallelOptions parallel)
    {
        int n = x.RowCount, d = x.ColumnCount;
        var bins = new byte[n * d];
        ReadOnlyMemory<double> values = x.AsMemory();
        ChunkParallel.For(d, parallel, j =>
        {
            ReadOnlySpan<double> v = values.Span;
            double[] t = thresholds[j];
            Span<byte> dst = bins.AsSpan(j * n, n);
            for (int r = 0; r < n; r++)
            {
                dst[r] = (byte)Bin(t, v[(r * d) + j]);
            }
        });
        return bins;
    }
}
