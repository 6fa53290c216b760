namespace Personalization.Uplift.Internal;

/// <summary>Quantile binning of features into at most 256 bins; bin b holds values in (t[b-1], t[b]].</summary>
internal static class FeatureBinner
{
    /// <summary>Computes thresholds per feature: at most <paramref name="maxBins"/> - 1 increasing upper bounds (features in parallel; each feature's result does not depend on the thread count).</summary>
    public static double[][] Thresholds(FeatureMatrix<double> x, int maxBins, ParallelOptions? parallel = null)
    {
        int n = x.RowCount, d = x.ColumnCount;
        var result = new double[d][];
        Parallel.For(0, d, parallel ?? new ParallelOptions(), () => new double[n], (j, _, column) =>
        {
            result[j] = ColumnThresholds(x, j, maxBins, column);
            return column;
        }, _ => { });
        return result;
    }

    private static double[] ColumnThresholds(FeatureMatrix<double> x, int j, int maxBins, double[] column)
    {
        int n = column.Length;
        x.CopyColumn(j, column);
        Array.Sort(column);
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
        Parallel.For(0, d, parallel, j =>
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
