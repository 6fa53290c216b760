namespace Personalization.Features;

/// <summary>The records a loader read from a whole file, with its report.</summary>
/// <typeparam name="T">The record type: <see cref="Transaction"/> or <see cref="Customer"/>.</typeparam>
/// <param name="Records">The accepted records, in file order.</param>
/// <param name="Report">What was read, skipped and rejected.</param>
public sealed record CsvLoadResult<T>(IReadOnlyList<T> Records, CsvReadReport Report);
