using Personalization.Features;

namespace Personalization.Sql;

/// <summary>
/// What an SQL source read, accepted, skipped and rejected: the counterpart of <see cref="CsvReadReport"/> for
/// engines. Rows the engine cannot convert are counted here, never dropped silently.
/// </summary>
/// <remarks>
/// <c>RowsRead = RowsAccepted + SkippedMissingCustomerId + RejectedCount</c>. A rejected row's
/// <see cref="RejectedRow.Line"/> is the 1-based file line when the engine gives one (CSV rows that DuckDB cannot
/// split into fields), and 0 when it does not (values that do not convert, table rows). Not thread-safe while filled.
/// </remarks>
public sealed class SqlReadReport
{
    private readonly List<RejectedRow> _rejected = [];
    private readonly List<string> _sources = [];

    /// <summary>Gets the sources read into this report, in order.</summary>
    public IReadOnlyList<string> Sources => _sources;

    /// <summary>Gets the number of rows read.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Gets the number of rows turned into transactions (including those after the as-of date, which the features ignore).</summary>
    public long RowsAccepted { get; private set; }

    /// <summary>Gets the number of rows skipped because they have no customer id (<see cref="MissingCustomerIdHandling.Skip"/>).</summary>
    public long SkippedMissingCustomerId { get; private set; }

    /// <summary>Gets the number of rejected rows, including those beyond <see cref="SqlSourceOptions.MaxRejectedRowsKept"/>.</summary>
    public long RejectedCount { get; private set; }

    /// <summary>Gets the rejected rows described, at most <see cref="SqlSourceOptions.MaxRejectedRowsKept"/>.</summary>
    public IReadOnlyList<RejectedRow> RejectedRows => _rejected;

    /// <summary>Gets a value indicating whether any row was rejected.</summary>
    public bool HasRejections => RejectedCount > 0;

    /// <summary>Returns a one-line summary such as <c>541909 read, 406829 accepted, 135080 skipped (no customer id), 0 rejected</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"{RowsRead} read, {RowsAccepted} accepted, {SkippedMissingCustomerId} skipped (no customer id), {RejectedCount} rejected";

    internal void AddSource(string source) => _sources.Add(source);

    internal void Add(long read, long accepted, long skipped, long rejected)
    {
        RowsRead += read;
        RowsAccepted += accepted;
        SkippedMissingCustomerId += skipped;
        RejectedCount += rejected;
    }

    internal void Describe(RejectedRow row, int maxKept)
    {
        if (_rejected.Count < maxKept)
        {
            _rejected.Add(row);
        }
    }
}
