namespace Personalization.Features.Internal;

/// <summary>Checks and helpers shared by the cleaning steps.</summary>
internal static class Cleaning
{
    /// <summary>Throws when the matrix is empty or holds an infinite value (NaN is allowed: it means missing).</summary>
    public static void ThrowIfEmptyOrInfinite(FeatureMatrix<double> data, string paramName)
    {
        if (data.RowCount == 0 || data.ColumnCount == 0)
        {
            throw new ArgumentException($"{paramName} is empty ({data.RowCount} rows x {data.ColumnCount} columns); at least one row and one column are required.", paramName);
        }

        ThrowIfInfinite(data, paramName);
    }

    /// <summary>Throws naming the first infinite value.</summary>
    public static void ThrowIfInfinite(FeatureMatrix<double> data, string paramName)
    {
        ReadOnlySpan<double> values = data.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsInfinity(values[i]))
            {
                int row = i / data.ColumnCount;
                int column = i % data.ColumnCount;
                throw new ArgumentException($"{paramName} has {values[i]} at row {row}, column {column} ('{data.ColumnNames[column]}'); values must be finite or NaN (missing).", paramName);
            }
        }
    }

    /// <summary>Copies the non-NaN values of a column into <paramref name="buffer"/> and returns their count.</summary>
    public static int ObservedValues(FeatureMatrix<double> data, int column, double[] buffer)
    {
        ReadOnlySpan<double> values = data.AsSpan();
        int count = 0;
        for (int i = column; i < values.Length; i += data.ColumnCount)
        {
            if (!double.IsNaN(values[i]))
            {
                buffer[count++] = values[i];
            }
        }

        return count;
    }
}
