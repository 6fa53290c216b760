using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>Flags outlying values per column with Tukey's IQR fences or z-scores. It flags and reports; it never removes.</summary>
/// <remarks>All methods are thread-safe.</remarks>
public static class OutlierDetection
{
    /// <summary>Flags values outside Tukey's fences [Q1 - k IQR, Q3 + k IQR] of each column.</summary>
    /// <param name="data">The data; no NaN or infinite values.</param>
    /// <param name="k">The fence multiplier; 1.5 is Tukey's "outlier", 3 "far out".</param>
    /// <returns>The report.</returns>
    /// <remarks>Q1 and Q3 are linearly interpolated 25th and 75th percentiles of the column.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not a finite positive number.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty or holds a NaN or infinite value.</exception>
    public static OutlierReport Iqr(FeatureMatrix<double> data, double k = 1.5)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validation.Guard.Positive(k);
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        var lower = new double[data.ColumnCount];
        var upper = new double[data.ColumnCount];
        var column = new double[data.RowCount];
        for (int j = 0; j < lower.Length; j++)
        {
            ColumnStatistics.SortedColumn(data, j, column);
            double q1 = ColumnStatistics.Percentile(column, 25);
            double q3 = ColumnStatistics.Percentile(column, 75);
            lower[j] = q1 - (k * (q3 - q1));
            upper[j] = q3 + (k * (q3 - q1));
        }

        return new OutlierReport("iqr", data, lower, upper);
    }

    /// <summary>Flags values whose z-score |x - mean| / std exceeds <paramref name="threshold"/> (population std).</summary>
    /// <param name="data">The data; no NaN or infinite values.</param>
    /// <param name="threshold">The z-score above which a value is flagged.</param>
    /// <returns>The report; a constant column flags nothing.</returns>
    /// <remarks>Bounds are mean +- threshold x std. Extreme values inflate the std they are judged by; prefer <see cref="Iqr"/> on heavy tails.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not a finite positive number.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty or holds a NaN or infinite value.</exception>
    public static OutlierReport ZScore(FeatureMatrix<double> data, double threshold = 3)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validation.Guard.Positive(threshold);
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        var lower = new double[data.ColumnCount];
        var upper = new double[data.ColumnCount];
        var column = new double[data.RowCount];
        for (int j = 0; j < lower.Length; j++)
        {
            data.CopyColumn(j, column);
            double mean = column.Average();
            double ss = 0;
            foreach (double v in column)
            {
                ss += (v - mean) * (v - mean);
            }

            double std = Math.Sqrt(ss / column.Length);
            lower[j] = mean - (threshold * std);
            upper[j] = mean + (threshold * std);
        }

        return new OutlierReport("zscore", data, lower, upper);
    }
}
