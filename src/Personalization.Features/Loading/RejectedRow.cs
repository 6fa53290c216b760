namespace Personalization.Features;

/// <summary>A CSV row that a loader rejected, with where it is and why.</summary>
/// <param name="Source">The file path, or the source name given for a stream.</param>
/// <param name="Line">The 1-based line of the input where the row starts (the header is line 1).</param>
/// <param name="Column">The column at fault (its header name), or <c>(record)</c> when the whole record is malformed.</param>
/// <param name="Reason">What is wrong, as a sentence that says what to fix.</param>
/// <param name="Value">The offending value as read, or <see langword="null"/> when there is none.</param>
public sealed record RejectedRow(string Source, long Line, string Column, string Reason, string? Value)
{
    /// <summary>Returns <c>source:line: column: reason</c>.</summary>
    /// <returns>A one-line description of the rejection.</returns>
    public override string ToString() =>
        Value is null
            ? $"{Source}:{Line}: {Column}: {Reason}"
            : $"{Source}:{Line}: {Column}: {Reason} (value '{Value}')";
}
