using System.Globalization;
using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Segmentation;

/// <summary>Column selection, cleaning and small measurements of the segmentation pipeline.</summary>
internal static class SegmentationCleaning
{
    /// <summary>The columns of <paramref name="features"/> named by <paramref name="columns"/>, in that order.</summary>
    public static FeatureMatrix<double> SelectColumns(FeatureMatrix<double> features, IReadOnlyList<string> columns, string paramName)
    {
        var indices = new int[columns.Count];
        bool identity = features.ColumnCount == columns.Count;
        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = IndexOf(features, columns[i]);
            if (indices[i] < 0)
            {
                throw new ArgumentException($"The features have no column '{columns[i]}'; they have {string.Join(", ", features.ColumnNames)}. Compute it, or change the segmentation Columns.", paramName);
            }

            identity &= indices[i] == i;
        }

        return identity ? features : features.SelectColumns(indices);
    }

    /// <summary>Drops customers with a non-finite feature, a frequency below 1 or a monetary value of 0 or less (no purchase in the window).</summary>
    public static FeatureMatrix<double> Clean(FeatureMatrix<double> features)
    {
        int frequency = IndexOf(features, CustomerFeatureNames.Frequency);
        int monetary = IndexOf(features, CustomerFeatureNames.Monetary);
        var keep = new List<int>(features.RowCount);
        for (int r = 0; r < features.RowCount; r++)
        {
            ReadOnlySpan<double> row = features.Row(r);
            bool ok = true;
            foreach (double v in row)
            {
                ok &= double.IsFinite(v);
            }

            ok &= frequency < 0 || row[frequency] >= 1;
            ok &= monetary < 0 || row[monetary] > 0;
            if (ok)
            {
                keep.Add(r);
            }
        }

        return keep.Count == features.RowCount ? features : features.SelectRows(keep.ToArray());
    }

    /// <summary>The number of distinct rows, counted up to <paramref name="limit"/> (enough to bound k).</summary>
    public static int DistinctRows(FeatureMatrix<double> data, int limit)
    {
        var seen = new HashSet<RowKey>();
        for (int r = 0; r < data.RowCount && seen.Count < limit; r++)
        {
            seen.Add(new RowKey(data, r));
        }

        return seen.Count;
    }

    /// <summary>The choose-k row of a fixed k, from the final model.</summary>
    public static ClusterCountScore Score(FeatureMatrix<double> scaled, KMeansModel<double> model, int sampleSize, int seed)
    {
        int k = model.ClusterCount;

        // The cluster metrics need 2 <= k <= n - 1; outside that range they are undefined, not an error.
        if (k < 2 || k > scaled.RowCount - 1)
        {
            return new ClusterCountScore(k, model.Inertia, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double silhouette = scaled.RowCount <= sampleSize
            ? ClusterMetrics.Silhouette(scaled, model.Labels)
            : ClusterMetrics.Silhouette(scaled, model.Labels, sampleSize, seed);
        return new ClusterCountScore(
            k,
            model.Inertia,
            silhouette,
            ClusterMetrics.CalinskiHarabasz(scaled, model.Labels),
            ClusterMetrics.DaviesBouldin(scaled, model.Labels),
            double.NaN,
            double.NaN);
    }

    /// <summary>The first non-finite value of <paramref name="data"/> as an error naming its row and column.</summary>
    public static void ThrowIfNotFinite(FeatureMatrix<double> data, string paramName)
    {
        if (data.TryFindNonFinite(out int row, out int column))
        {
            string id = data.RowIds is { } ids ? $" (customer '{ids[row]}')" : string.Empty;
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The features have {data[row, column]} at row {row}{id}, column '{data.ColumnNames[column]}'; every value must be finite. A customer without a purchase in the window has no recency: leave it out, or impute it, before assigning."),
                paramName);
        }
    }

    private static int IndexOf(FeatureMatrix<double> features, string name)
    {
        for (int c = 0; c < features.ColumnCount; c++)
        {
            if (string.Equals(features.ColumnNames[c], name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>A row compared by its exact bit pattern (+0 and -0 are one value).</summary>
    private readonly struct RowKey : IEquatable<RowKey>
    {
        private readonly FeatureMatrix<double> _data;
        private readonly int _row;

        public RowKey(FeatureMatrix<double> data, int row)
        {
            _data = data;
            _row = row;
        }

        public bool Equals(RowKey other) => _data.Row(_row).SequenceEqual(other._data.Row(other._row));

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (double v in _data.Row(_row))
            {
                hash.Add(v == 0 ? 0.0 : v);
            }

            return hash.ToHashCode();
        }
    }
}
