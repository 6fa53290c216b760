namespace Personalization.Features;

/// <summary>
/// The outliers that <see cref="OutlierDetection"/> flagged: per-column bounds and counts, and which cells
/// and rows are flagged. Nothing is removed; the caller decides what to do with flagged customers.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class OutlierReport
{
    private readonly bool[] _flags;
    private readonly string[] _columnNames;
    private readonly string[]? _rowIds;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly int[] _counts;
    private readonly int[] _flaggedRows;

    internal OutlierReport(string method, FeatureMatrix<double> data, double[] lower, double[] upper)
    {
        Method = method;
        _columnNames = data.ColumnNames.ToArray();
        _rowIds = data.RowIds?.ToArray();
        _lower = lower;
        _upper = upper;
        int n = data.RowCount;
        int m = data.ColumnCount;
        _flags = new bool[n * m];
        _counts = new int[m];
        var rows = new List<int>();
        ReadOnlySpan<double> values = data.AsSpan();
        for (int r = 0; r < n; r++)
        {
            bool any = false;
            for (int j = 0; j < m; j++)
            {
                double v = values[(r * m) + j];
                if (v < lower[j] || v > upper[j])
                {
                    _flags[(r * m) + j] = true;
                    _counts[j]++;
                    any = true;
                }
            }

            if (any)
            {
                rows.Add(r);
            }
        }

        _flaggedRows = rows.ToArray();
        RowCount = n;
    }

    /// <summary>Gets the method: <c>iqr</c> or <c>zscore</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the number of rows checked.</summary>
    public int RowCount { get; }

    /// <summary>Gets the column names.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the lower bound of each column; values below it are flagged.</summary>
    public IReadOnlyList<double> LowerBounds => _lower;

    /// <summary>Gets the upper bound of each column; values above it are flagged.</summary>
    public IReadOnlyList<double> UpperBounds => _upper;

    /// <summary>Gets the number of flagged values in each column.</summary>
    public IReadOnlyList<int> CountsByColumn => _counts;

    /// <summary>Gets the rows with at least one flagged value, ascending.</summary>
    public IReadOnlyList<int> FlaggedRows => _flaggedRows;

    /// <summary>Gets the ids of <see cref="FlaggedRows"/>, or <see langword="null"/> when the data had no row ids.</summary>
    public IReadOnlyList<string>? FlaggedRowIds => _rowIds is null ? null : _flaggedRows.Select(r => _rowIds[r]).ToArray();

    /// <summary>Returns whether the value at (<paramref name="row"/>, <paramref name="column"/>) is flagged.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column.</param>
    /// <returns><see langword="true"/> when the value lies outside the column's bounds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is outside the data.</exception>
    public bool IsOutlier(int row, int column)
    {
        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be between 0 and {RowCount - 1}.");
        }

        if ((uint)column >= (uint)_columnNames.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"column must be between 0 and {_columnNames.Length - 1}.");
        }

        return _flags[(row * _columnNames.Length) + column];
    }

    /// <summary>Returns the flags as 0/1 columns named <c>&lt;column&gt;_outlier</c>, to append as features or to filter on.</summary>
    /// <returns>A matrix with the data's row ids.</returns>
    public FeatureMatrix<double> ToFlagMatrix()
    {
        var values = new double[_flags.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _flags[i] ? 1 : 0;
        }

        return FeatureMatrix<double>.FromOwnedArray(values, RowCount, _columnNames.Length, _columnNames.Select(c => c + "_outlier").ToArray(), _rowIds);
    }
}
