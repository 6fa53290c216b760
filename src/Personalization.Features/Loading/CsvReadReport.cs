namespace Personalization.Features;

/// <summary>
/// What a CSV loader read, accepted, skipped and rejected. Pass a new report to a streaming read and
/// inspect it after (or during) the enumeration; nothing is dropped without being counted here.
/// </summary>
/// <remarks>
/// <c>RowsRead = RowsAccepted + SkippedMissingCustomerId + RejectedCount</c>. The report is filled by
/// one reader at a time and is not thread-safe while it is being filled.
/// </remarks>
public sealed class CsvReadReport
{
    private readonly List<RejectedRow> _rejected = [];

    /// <summary>Gets the sources read into this report (file paths or stream names), in order.</summary>
    public IReadOnlyList<string> Sources => _sources;

    private readonly List<string> _sources = [];

    /// <summary>Gets the number of data rows read (the header excluded).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Gets the number of rows turned into records.</summary>
    public long RowsAccepted { get; private set; }

    /// <summary>Gets the number of rows skipped because they have no customer id (<see cref="MissingCustomerIdHandling.Skip"/>).</summary>
    public long SkippedMissingCustomerId { get; private set; }

    /// <summary>Gets the number of rejected rows, including those beyond <see cref="CsvReadOptions.MaxRejectedRowsKept"/>.</summary>
    public long RejectedCount { get; private set; }

    /// <summary>Gets the rejected rows kept, in input order.</summary>
    public IReadOnlyList<RejectedRow> RejectedRows => _rejected;

    /// <summary>Gets a value indicating whether any row was rejected.</summary>
    public bool HasRejections => RejectedCount > 0;

    /// <summary>Returns a one-line summary such as <c>541909 read, 406829 accepted, 135080 skipped (no customer id), 0 rejected</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"{RowsRead} read, {RowsAccepted} accepted, {SkippedMissingCustomerId} skipped (no customer id), {RejectedCount} rejected";

    internal void AddSource(string source) => _sources.Add(source);

    internal void CountRead() => RowsRead++;

    internal void CountAccepted() => RowsAccepted++;

    internal void CountSkippedMissingCustomerId() => SkippedMissingCustomerId++;

    internal void Reject(RejectedRow row, int maxKept)
    {
        RejectedCount++;
        if (_rejected.Count < maxKept)
        {
            _rejected.Add(row);
        }
    }
}
