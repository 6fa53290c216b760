using Personalization.Clustering.Internal;

namespace Personalization.Clustering;

/// <summary>Builds segment profiles from data in original units and cluster labels.</summary>
/// <remarks>Thread-safe and deterministic.</remarks>
public static class SegmentProfiler
{
    /// <summary>Profiles every segment: size and share, revenue share, mean and median per feature, difference from the population in standard deviations, and top category values.</summary>
    /// <param name="data">The features in original (un-scaled) units, one row per customer.</param>
    /// <param name="labels">The segment of every row.</param>
    /// <param name="categories">Optional categorical columns (for example channel or top category): column name to one value per row.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <returns>The profile table, segments by ascending label.</returns>
    /// <remarks>
    /// Difference in SDs = (segment mean - population mean) / population standard deviation (divisor n).
    /// Revenue share = sum of the revenue column over the segment / total revenue. Lift = share in the segment / share in the population.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SegmentProfileOptions.TopCategoryCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the label count differs from the row count, a categorical column has the wrong length, or the revenue column does not exist.</exception>
    public static SegmentProfileTable Profile(FeatureMatrix<double> data, ReadOnlySpan<int> labels, IReadOnlyDictionary<string, IReadOnlyList<string>>? categories = null, SegmentProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new SegmentProfileOptions();
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        if (labels.Length != data.RowCount)
        {
            throw new ArgumentException($"labels has length {labels.Length} but data has {data.RowCount} rows; give one label per row.", nameof(labels));
        }

        if (options.TopCategoryCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options.TopCategoryCount), options.TopCategoryCount, $"TopCategoryCount must be at least 1, but was {options.TopCategoryCount}.");
        }

        int revenueColumn = options.RevenueColumn is null ? -1 : data.ColumnIndex(options.RevenueColumn);
        if (categories is not null)
        {
            foreach (KeyValuePair<string, IReadOnlyList<string>> column in categories)
            {
                if (column.Value is null || column.Value.Count != data.RowCount)
                {
                    throw new ArgumentException($"The categorical column '{column.Key}' has {column.Value?.Count ?? 0} values but data has {data.RowCount} rows; give one value per row.", nameof(categories));
                }
            }
        }

        int n = data.RowCount, d = data.ColumnCount;
        int[] codes = LabelEncoding.Encode(labels, out int k);
        var segmentLabel = new int[k];
        for (int i = 0; i < n; i++)
        {
            segmentLabel[codes[i]] = labels[i];
        }

        var popMean = new double[d];
        var popSd = new double[d];
        for (int j = 0; j < d; j++)
        {
            double[] column = data.GetColumn(j);
            double mean = 0;
            foreach (double v in column)
            {
                mean += v;
            }

            mean /= n;
            double variance = 0;
            foreach (double v in column)
            {
                variance += (v - mean) * (v - mean);
            }

            popMean[j] = mean;
            popSd[j] = Math.Sqrt(variance / n);
        }

        double totalRevenue = 0;
        if (revenueColumn >= 0)
        {
            for (int i = 0; i < n; i++)
            {
                totalRevenue += data[i, revenueColumn];
            }
        }

        var members = new List<int>[k];
        for (int c = 0; c < k; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < n; i++)
        {
            members[codes[i]].Add(i);
        }

        var segments = new SegmentProfile[k];
        var buffer = new double[n];
        for (int c = 0; c < k; c++)
        {
            List<int> rows = members[c];
            var features = new FeatureProfile[d];
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int r = 0; r < rows.Count; r++)
                {
                    buffer[r] = data[rows[r], j];
                    sum += buffer[r];
                }

                double mean = sum / rows.Count;
                Span<double> values = buffer.AsSpan(0, rows.Count);
                values.Sort();
                double median = rows.Count % 2 == 1 ? values[rows.Count / 2] : (values[(rows.Count / 2) - 1] + values[rows.Count / 2]) / 2;
                double z = popSd[j] > 0 ? (mean - popMean[j]) / popSd[j] : 0;
                features[j] = new FeatureProfile(data.ColumnNames[j], mean, median, popMean[j], popSd[j], z);
            }

            double revenueShare = double.NaN;
            if (revenueColumn >= 0)
            {
                double revenue = 0;
                foreach (int r in rows)
                {
                    revenue += data[r, revenueColumn];
                }

                revenueShare = totalRevenue != 0 ? revenue / totalRevenue : double.NaN;
            }

            segments[c] = new SegmentProfile(segmentLabel[c], rows.Count, (double)rows.Count / n, revenueShare, features, TopCategories(categories, rows, n, options.TopCategoryCount));
        }

        return new SegmentProfileTable(segments, data.ColumnNames, n, options.RevenueColumn);
    }

    private static CategoryShare[] TopCategories(IReadOnlyDictionary<string, IReadOnlyList<string>>? categories, List<int> rows, int n, int top)
    {
        if (categories is null)
        {
            return [];
        }

        var result = new List<CategoryShare>();
        foreach (string column in categories.Keys.Order(StringComparer.Ordinal))
        {
            IReadOnlyList<string> values = categories[column];
            var population = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string v in values)
            {
                population[v] = population.GetValueOrDefault(v) + 1;
            }

            var segment = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (int r in rows)
            {
                segment[values[r]] = segment.GetValueOrDefault(values[r]) + 1;
            }

            foreach (KeyValuePair<string, int> e in segment.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(top))
            {
                double share = (double)e.Value / rows.Count;
                result.Add(new CategoryShare(column, e.Key, e.Value, share, share / ((double)population[e.Key] / n)));
            }
        }

        return [.. result];
    }
}
