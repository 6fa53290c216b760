using System.Collections.Immutable;

namespace Personalization.Experiments;

/// <summary>A chi-square test result that also carries the expected counts under independence.</summary>
/// <param name="TestName">The test name.</param>
/// <param name="Statistic">The chi-square statistic.</param>
/// <param name="PValue">The upper-tail p-value.</param>
/// <param name="Expected">The expected counts, row-major as the input table: the count of row r, column c is at <c>r · ColumnCount + c</c>.</param>
/// <param name="ColumnCount">The number of columns of the table.</param>
/// <remarks>
/// Immutable and thread-safe. Equality is by value: the inherited <see cref="TestResult"/> members, the column count
/// and every expected count are compared.
/// </remarks>
public sealed record ContingencyTestResult(string TestName, double Statistic, double PValue, ImmutableArray<double> Expected, int ColumnCount)
    : TestResult(TestName, Statistic, PValue, Alternative.TwoSided)
{
    /// <summary>Gets the number of rows of the table.</summary>
    /// <value><see cref="Expected"/>.Length / <see cref="ColumnCount"/>.</value>
    public int RowCount => ColumnCount == 0 ? 0 : Expected.Length / ColumnCount;

    /// <summary>Gets whether the Yates continuity correction was applied (only ever for 2 x 2 tables).</summary>
    public bool YatesCorrected { get; init; }

    /// <summary>Returns the expected count of a cell under independence.</summary>
    /// <param name="row">The row, 0-based.</param>
    /// <param name="column">The column, 0-based.</param>
    /// <returns>row total · column total / grand total.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> or <paramref name="column"/> is outside the table.</exception>
    public double ExpectedCount(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
        return Expected[(row * ColumnCount) + column];
    }

    /// <summary>Returns whether <paramref name="other"/> equals this result, the expected counts compared element by element.</summary>
    /// <param name="other">The result to compare with.</param>
    /// <returns><see langword="true"/> when every value is equal.</returns>
    public bool Equals(ContingencyTestResult? other) =>
        other is not null
        && base.Equals(other)
        && ColumnCount == other.ColumnCount
        && YatesCorrected == other.YatesCorrected
        && Expected.AsSpan().SequenceEqual(other.Expected.AsSpan());

    /// <summary>Returns a hash code consistent with <see cref="Equals(ContingencyTestResult)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), ColumnCount, YatesCorrected, Expected.Length);
}
