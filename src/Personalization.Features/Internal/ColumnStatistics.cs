namespace Personalization.Features.Internal;

/// <summary>Column statistics shared by the scalers and cleaning steps.</summary>
internal static class ColumnStatistics
{
    /// <summary>Linear-interpolated percentile of sorted values (NumPy's default "linear" method): h = (n - 1) p / 100.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double percent)
    {
        int n = sorted.Length;
        if (n == 1)
        {
            return sorted[0];
        }

        double h = (n - 1) * (percent / 100);
        int lo = (int)Math.Floor(h);
        if (lo >= n - 1)
        {
            return sorted[n - 1];
        }

        double t = h - lo;
        double a = sorted[lo];
        double b = sorted[lo + 1];
        // NumPy's lerp: exact at both ends.
        return t < 0.5 ? a + ((b - a) * t) : b - ((b - a) * (1 - t));
    }

    /// <summary>Copies column <paramref name="column"/> into <paramref name="buffer"/> and sorts it.</summary>
    public static void SortedColumn(FeatureMatrix<double> data, int column, double[] buffer)
    {
        data.CopyColumn(column, buffer);
        Array.Sort(buffer, 0, data.RowCount);
    }

    /// <summary>Throws when <paramref name="data"/> does not have the training columns.</summary>
    public static void CheckColumns(FeatureMatrix<double> data, IReadOnlyList<string> trainingNames, string paramName = "data")
    {
        ArgumentNullException.ThrowIfNull(data, paramName);
        if (data.ColumnCount != trainingNames.Count)
        {
            throw new ArgumentException($"{paramName} has {data.ColumnCount} columns but the model was fitted on {trainingNames.Count} ({string.Join(", ", trainingNames)}); transform data with the training columns.", paramName);
        }

        for (int j = 0; j < trainingNames.Count; j++)
        {
            if (!string.Equals(data.ColumnNames[j], trainingNames[j], StringComparison.Ordinal))
            {
                throw new ArgumentException($"{paramName} column {j} is '{data.ColumnNames[j]}' but the model was fitted with '{trainingNames[j]}' there; transform data with the training columns in the training order.", paramName);
            }
        }
    }
}
