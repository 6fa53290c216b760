using System.Numerics;
using Personalization.Internal;

namespace Personalization;

/// <summary>
/// A dense, row-major, immutable matrix of features: one row per customer (or sample), one column
/// per feature, with column names and optional row ids (customer ids).
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Element (r, c) is stored at index <c>r * ColumnCount + c</c> of <see cref="AsSpan"/>. Rows are
/// exposed as <see cref="ReadOnlySpan{T}"/> views without copying. Instances are immutable and
/// thread-safe; the matrix never changes after construction.
/// </remarks>
public sealed partial class FeatureMatrix<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _values;
    private readonly string[] _columnNames;
    private readonly string[]? _rowIds;

    private FeatureMatrix(T[] values, int rowCount, int columnCount, string[] columnNames, string[]? rowIds)
    {
        _values = values;
        RowCount = rowCount;
        ColumnCount = columnCount;
        _columnNames = columnNames;
        _rowIds = rowIds;
    }

    /// <summary>Creates a matrix by copying <paramref name="values"/> (row-major).</summary>
    /// <param name="values">The values, row after row; the length must be <paramref name="rowCount"/> x <paramref name="columnCount"/>.</param>
    /// <param name="rowCount">The number of rows (samples).</param>
    /// <param name="columnCount">The number of columns (features).</param>
    /// <param name="columnNames">The column names; <see langword="null"/> names them <c>x0, x1, ...</c>.</param>
    /// <param name="rowIds">Optional row ids such as customer ids; when given, one per row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> or <paramref name="columnCount"/> is negative.</exception>
    /// <exception cref="ArgumentException">The lengths of <paramref name="values"/>, <paramref name="columnNames"/> or <paramref name="rowIds"/> do not match the shape, or a column name is repeated.</exception>
    public FeatureMatrix(ReadOnlySpan<T> values, int rowCount, int columnCount, IReadOnlyList<string>? columnNames = null, IReadOnlyList<string>? rowIds = null)
        : this(CheckedCopy(values, rowCount, columnCount), rowCount, columnCount, CheckNames(columnNames, columnCount), CheckIds(rowIds, rowCount))
    {
    }

    /// <summary>Creates a matrix that takes ownership of <paramref name="values"/> without copying it.</summary>
    /// <param name="values">The row-major values. The caller must not modify the array afterwards.</param>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="columnCount">The number of columns.</param>
    /// <param name="columnNames">The column names; <see langword="null"/> names them <c>x0, x1, ...</c>.</param>
    /// <param name="rowIds">Optional row ids, one per row.</param>
    /// <returns>A matrix over <paramref name="values"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> or <paramref name="columnCount"/> is negative.</exception>
    /// <exception cref="ArgumentException">The shape does not match the lengths.</exception>
    public static FeatureMatrix<T> FromOwnedArray(T[] values, int rowCount, int columnCount, IReadOnlyList<string>? columnNames = null, IReadOnlyList<string>? rowIds = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckShape(values.Length, rowCount, columnCount);
        return new FeatureMatrix<T>(values, rowCount, columnCount, CheckNames(columnNames, columnCount), CheckIds(rowIds, rowCount));
    }

    /// <summary>Creates a matrix from a two-dimensional array.</summary>
    /// <param name="values">The values; the first index is the row.</param>
    /// <param name="columnNames">The column names; <see langword="null"/> names them <c>x0, x1, ...</c>.</param>
    /// <param name="rowIds">Optional row ids, one per row.</param>
    /// <returns>A new matrix holding a copy of <paramref name="values"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">The names or ids do not match the shape.</exception>
    public static FeatureMatrix<T> FromArray(T[,] values, IReadOnlyList<string>? columnNames = null, IReadOnlyList<string>? rowIds = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0);
        int columns = values.GetLength(1);
        var data = new T[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                data[(r * columns) + c] = values[r, c];
            }
        }

        return new FeatureMatrix<T>(data, rows, columns, CheckNames(columnNames, columns), CheckIds(rowIds, rows));
    }

    /// <summary>Creates a matrix from jagged rows, which must all have the same length.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="columnNames">The column names; <see langword="null"/> names them <c>x0, x1, ...</c>.</param>
    /// <param name="rowIds">Optional row ids, one per row.</param>
    /// <returns>A new matrix holding a copy of <paramref name="rows"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or one of its rows is null.</exception>
    /// <exception cref="ArgumentException">The rows have different lengths, or the names or ids do not match the shape.</exception>
    public static FeatureMatrix<T> FromRows(IReadOnlyList<T[]> rows, IReadOnlyList<string>? columnNames = null, IReadOnlyList<string>? rowIds = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count == 0 ? (columnNames?.Count ?? 0) : (rows[0] ?? throw new ArgumentNullException(nameof(rows), "rows[0] is null.")).Length;
        var data = new T[rows.Count * columns];
        for (int r = 0; r < rows.Count; r++)
        {
            T[] row = rows[r] ?? throw new ArgumentNullException(nameof(rows), $"rows[{r}] is null.");
            if (row.Length != columns)
            {
                throw new ArgumentException($"rows[{r}] has {row.Length} values but rows[0] has {columns}; every row must have the same length.", nameof(rows));
            }

            row.CopyTo(data, r * columns);
        }

        return new FeatureMatrix<T>(data, rows.Count, columns, CheckNames(columnNames, columns), CheckIds(rowIds, rows.Count));
    }

    /// <summary>Gets the number of rows (samples, customers).</summary>
    public int RowCount { get; }

    /// <summary>Gets the number of columns (features).</summary>
    public int ColumnCount { get; }

    /// <summary>Gets the column names, one per column.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the row ids (for example customer ids), or <see langword="null"/> when the rows have no ids.</summary>
    public IReadOnlyList<string>? RowIds => _rowIds;

    /// <summary>Gets a value indicating whether the matrix has no rows.</summary>
    public bool IsEmpty => RowCount == 0;

    /// <summary>Gets the element at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <param name="row">The zero-based row.</param>
    /// <param name="column">The zero-based column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is outside the matrix.</exception>
    public T this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be between 0 and {RowCount - 1}.");
            }

            if ((uint)column >= (uint)ColumnCount)
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, $"column must be between 0 and {ColumnCount - 1}.");
            }

            return _values[(row * ColumnCount) + column];
        }
    }

    /// <summary>Returns a read-only view of one row, without copying.</summary>
    /// <param name="row">The zero-based row.</param>
    /// <returns>The row's <see cref="ColumnCount"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside the matrix.</exception>
    public ReadOnlySpan<T> Row(int row)
    {
        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be between 0 and {RowCount - 1}.");
        }

        return new ReadOnlySpan<T>(_values, row * ColumnCount, ColumnCount);
    }

    /// <summary>Returns a read-only view of all values in row-major order, without copying.</summary>
    /// <returns>The <see cref="RowCount"/> x <see cref="ColumnCount"/> values.</returns>
    public ReadOnlySpan<T> AsSpan() => _values;

    /// <summary>Returns a read-only memory over all values in row-major order, without copying.</summary>
    /// <returns>The values as <see cref="ReadOnlyMemory{T}"/>, usable across threads and awaits.</returns>
    public ReadOnlyMemory<T> AsMemory() => _values;

    /// <summary>Copies one column into <paramref name="destination"/>.</summary>
    /// <param name="column">The zero-based column.</param>
    /// <param name="destination">Receives <see cref="RowCount"/> values.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="column"/> is outside the matrix.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="RowCount"/>.</exception>
    public void CopyColumn(int column, Span<T> destination)
    {
        if ((uint)column >= (uint)ColumnCount)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"column must be between 0 and {ColumnCount - 1}.");
        }

        if (destination.Length < RowCount)
        {
            throw new ArgumentException($"destination has length {destination.Length} but the matrix has {RowCount} rows.", nameof(destination));
        }

        for (int r = 0, i = column; r < RowCount; r++, i += ColumnCount)
        {
            destination[r] = _values[i];
        }
    }

    /// <summary>Returns the values of one column as a new array.</summary>
    /// <param name="column">The zero-based column.</param>
    /// <returns>A new array of <see cref="RowCount"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="column"/> is outside the matrix.</exception>
    public T[] GetColumn(int column)
    {
        var result = new T[RowCount];
        CopyColumn(column, result);
        return result;
    }

    /// <summary>Returns the index of the column called <paramref name="name"/>.</summary>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <returns>The zero-based column index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">No column has that name.</exception>
    public int ColumnIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = Array.IndexOf(_columnNames, name);
        if (index < 0)
        {
            throw new ArgumentException($"The matrix has no column named '{name}'. Its columns are: {string.Join(", ", _columnNames)}.", nameof(name));
        }

        return index;
    }

    /// <summary>Finds the first NaN or infinite value, scanning row by row.</summary>
    /// <param name="row">The row of the first non-finite value, or -1.</param>
    /// <param name="column">The column of the first non-finite value, or -1.</param>
    /// <returns><see langword="true"/> when a non-finite value was found.</returns>
    public bool TryFindNonFinite(out int row, out int column)
    {
        int index = FiniteScan.IndexOfNonFinite<T>(_values);
        if (index < 0 || ColumnCount == 0)
        {
            row = -1;
            column = -1;
            return false;
        }

        row = index / ColumnCount;
        column = index % ColumnCount;
        return true;
    }

    /// <summary>Throws when the matrix holds a NaN or infinite value, naming the first one by row and column.</summary>
    /// <param name="paramName">The argument name to report.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public void ThrowIfNotFinite(string paramName = "data")
    {
        if (TryFindNonFinite(out int row, out int column))
        {
            string id = _rowIds is null ? string.Empty : $" (row id '{_rowIds[row]}')";
            throw new ArgumentException(
                $"{paramName} has {_values[(row * ColumnCount) + column]} at row {row}{id}, column {column} ('{_columnNames[column]}'); every value must be a finite number. Impute or remove missing values first.",
                paramName);
        }
    }

    /// <summary>Throws when the matrix is empty or holds a NaN or infinite value.</summary>
    /// <param name="paramName">The argument name to report.</param>
    /// <exception cref="ArgumentException">The matrix has no rows or no columns, or a value is NaN or infinite.</exception>
    public void ThrowIfEmptyOrNotFinite(string paramName = "data")
    {
        if (RowCount == 0 || ColumnCount == 0)
        {
            throw new ArgumentException($"{paramName} is empty ({RowCount} rows x {ColumnCount} columns); at least one row and one column are required.", paramName);
        }

        ThrowIfNotFinite(paramName);
    }

    private static void CheckShape(int length, int rowCount, int columnCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        if ((long)rowCount * columnCount != length)
        {
            throw new ArgumentException($"values has length {length} but rowCount x columnCount is {rowCount} x {columnCount} = {(long)rowCount * columnCount}; they must match.", "values");
        }
    }

    private static T[] CheckedCopy(ReadOnlySpan<T> values, int rowCount, int columnCount)
    {
        CheckShape(values.Length, rowCount, columnCount);
        return values.ToArray();
    }

    private static string[] CheckNames(IReadOnlyList<string>? names, int columnCount)
    {
        if (names is null)
        {
            var generated = new string[columnCount];
            for (int i = 0; i < columnCount; i++)
            {
                generated[i] = "x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return generated;
        }

        if (names.Count != columnCount)
        {
            throw new ArgumentException($"columnNames has {names.Count} names but the matrix has {columnCount} columns; give one name per column.", "columnNames");
        }

        var copy = new string[columnCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < columnCount; i++)
        {
            string name = names[i] ?? throw new ArgumentException($"columnNames[{i}] is null; every column needs a name.", "columnNames");
            if (!seen.Add(name))
            {
                throw new ArgumentException($"columnNames has '{name}' more than once; column names must be unique.", "columnNames");
            }

            copy[i] = name;
        }

        return copy;
    }

    private static string[]? CheckIds(IReadOnlyList<string>? ids, int rowCount)
    {
        if (ids is null)
        {
            return null;
        }

        if (ids.Count != rowCount)
        {
            throw new ArgumentException($"rowIds has {ids.Count} ids but the matrix has {rowCount} rows; give one id per row.", "rowIds");
        }

        var copy = new string[rowCount];
        for (int i = 0; i < rowCount; i++)
        {
            copy[i] = ids[i] ?? throw new ArgumentException($"rowIds[{i}] is null; every row id must be a string.", "rowIds");
        }

        return copy;
    }
}
