using System.Numerics;

namespace Personalization;

/// <content>New matrices derived from this one: selected rows or columns, another element type, other names or ids.</content>
public sealed partial class FeatureMatrix<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Returns a new matrix with the given rows, in the given order.</summary>
    /// <param name="rows">The zero-based row indices; a row may appear more than once.</param>
    /// <returns>A new matrix with the same column names and the selected row ids.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the matrix.</exception>
    public FeatureMatrix<T> SelectRows(ReadOnlySpan<int> rows)
    {
        var data = new T[rows.Length * ColumnCount];
        string[]? ids = _rowIds is null ? null : new string[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Row(rows[i]).CopyTo(data.AsSpan(i * ColumnCount, ColumnCount));
            if (ids is not null)
            {
                ids[i] = _rowIds![rows[i]];
            }
        }

        return new FeatureMatrix<T>(data, rows.Length, ColumnCount, _columnNames, ids);
    }

    /// <summary>Returns a new matrix with the given columns, in the given order.</summary>
    /// <param name="columns">The zero-based column indices.</param>
    /// <returns>A new matrix with the selected columns and the same row ids.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the matrix.</exception>
    /// <exception cref="ArgumentException">A column is selected twice.</exception>
    public FeatureMatrix<T> SelectColumns(ReadOnlySpan<int> columns)
    {
        var names = new string[columns.Length];
        for (int j = 0; j < columns.Length; j++)
        {
            if ((uint)columns[j] >= (uint)ColumnCount)
            {
                throw new ArgumentOutOfRangeException(nameof(columns), columns[j], $"column must be between 0 and {ColumnCount - 1}.");
            }

            names[j] = _columnNames[columns[j]];
        }

        var data = new T[RowCount * columns.Length];
        for (int r = 0; r < RowCount; r++)
        {
            int src = r * ColumnCount;
            int dst = r * columns.Length;
            for (int j = 0; j < columns.Length; j++)
            {
                data[dst + j] = _values[src + columns[j]];
            }
        }

        return new FeatureMatrix<T>(data, RowCount, columns.Length, CheckNames(names, columns.Length), _rowIds);
    }

    /// <summary>Converts the matrix to another floating-point type, keeping names and ids.</summary>
    /// <typeparam name="TOther">The target element type.</typeparam>
    /// <returns>A new matrix; values are converted with rounding to nearest.</returns>
    public FeatureMatrix<TOther> Convert<TOther>()
        where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var data = new TOther[_values.Length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = TOther.CreateChecked(_values[i]);
        }

        return FeatureMatrix<TOther>.FromOwnedArray(data, RowCount, ColumnCount, _columnNames, _rowIds);
    }

    /// <summary>Returns a matrix with the same values and ids but new column names.</summary>
    /// <param name="columnNames">The new names, one per column, all different.</param>
    /// <returns>A new matrix sharing this matrix's (immutable) values.</returns>
    /// <exception cref="ArgumentException">The count does not match or a name repeats.</exception>
    public FeatureMatrix<T> WithColumnNames(IReadOnlyList<string> columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        return new FeatureMatrix<T>(_values, RowCount, ColumnCount, CheckNames(columnNames, ColumnCount), _rowIds);
    }

    /// <summary>Returns a matrix with the same values and names but new row ids.</summary>
    /// <param name="rowIds">The new ids, one per row, or <see langword="null"/> to drop them.</param>
    /// <returns>A new matrix sharing this matrix's (immutable) values.</returns>
    /// <exception cref="ArgumentException">The count does not match the row count.</exception>
    public FeatureMatrix<T> WithRowIds(IReadOnlyList<string>? rowIds) =>
        new(_values, RowCount, ColumnCount, _columnNames, CheckIds(rowIds, RowCount));
}
