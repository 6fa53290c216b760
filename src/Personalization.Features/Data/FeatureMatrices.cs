namespace Personalization.Features;

/// <summary>Helpers to combine feature matrices, such as numeric features with one-hot encoded columns.</summary>
/// <remarks>All methods are thread-safe.</remarks>
public static class FeatureMatrices
{
    /// <summary>Places matrices side by side: the columns of the first, then of the second, and so on.</summary>
    /// <param name="matrices">The matrices; at least one, all with the same row count and, where set, the same row ids.</param>
    /// <returns>A new matrix with the concatenated columns and the first matrix's row ids (or the first non-null ones).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrices"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">No matrix is given, the row counts or row ids differ, or a column name repeats.</exception>
    public static FeatureMatrix<double> ConcatenateColumns(params IReadOnlyList<FeatureMatrix<double>> matrices)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        if (matrices.Count == 0)
        {
            throw new ArgumentException("At least one matrix is required.", nameof(matrices));
        }

        int rows = (matrices[0] ?? throw new ArgumentNullException(nameof(matrices), "matrices[0] is null.")).RowCount;
        IReadOnlyList<string>? ids = null;
        var names = new List<string>();
        int width = 0;
        for (int i = 0; i < matrices.Count; i++)
        {
            FeatureMatrix<double> m = matrices[i] ?? throw new ArgumentNullException(nameof(matrices), $"matrices[{i}] is null.");
            if (m.RowCount != rows)
            {
                throw new ArgumentException($"matrices[{i}] has {m.RowCount} rows but matrices[0] has {rows}; they must have the same rows.", nameof(matrices));
            }

            if (m.RowIds is not null)
            {
                if (ids is null)
                {
                    ids = m.RowIds;
                }
                else if (!ids.SequenceEqual(m.RowIds, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"matrices[{i}] has other row ids (or another row order) than the previous ones; align the rows first.", nameof(matrices));
                }
            }

            names.AddRange(m.ColumnNames);
            width += m.ColumnCount;
        }

        var values = new double[rows * width];
        int offset = 0;
        foreach (FeatureMatrix<double> m in matrices)
        {
            for (int r = 0; r < rows; r++)
            {
                m.Row(r).CopyTo(values.AsSpan((r * width) + offset, m.ColumnCount));
            }

            offset += m.ColumnCount;
        }

        return FeatureMatrix<double>.FromOwnedArray(values, rows, width, names, ids);
    }
}
