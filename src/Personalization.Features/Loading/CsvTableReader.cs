using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>
/// Streams the text and number columns of any CSV with a header (such as an experiment's results, one row per
/// unit) through the same reader as <see cref="TransactionCsvReader"/>: CsvHelper, RFC 4180 quoting (quoted
/// separators and line breaks), strict UTF-8 or an explicit encoding, verified <c>.csv.gz</c>, and every row
/// accepted, rejected with a reason or counted in a <see cref="CsvReadReport"/>.
/// </summary>
/// <remarks>
/// A row is rejected when a text column is blank, a number column is not a finite number, its field count
/// differs from the header, or its quoting is malformed. <c>RowsRead = RowsAccepted + RejectedCount</c>
/// (<see cref="CsvReadOptions.MissingCustomerId"/> does not apply). All methods are thread-safe; each
/// enumeration opens its own reader.
/// </remarks>
public static class CsvTableReader
{
    /// <summary>Streams the rows of a file.</summary>
    /// <param name="path">The CSV file; a name ending in <c>.gz</c> is decompressed and verified.</param>
    /// <param name="schema">The columns to read.</param>
    /// <param name="report">Receives the counts and rejected rows as the enumeration proceeds.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted rows, in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The schema names no column, a column twice, or an option is invalid.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (thrown by the enumeration).</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) A schema column is missing from the header, the bytes are not valid in the encoding, or the gzip data is truncated or corrupt.</exception>
    public static IEnumerable<CsvTableRow> Read(string path, CsvTableSchema schema, CsvReadReport report, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        schema.Validate();
        return CsvRecordReader.Read<CsvTableRow>(() => CsvTable.Open(path, report, options), table => new TableRowParser(table, schema).Parse);
    }

    /// <summary>Streams the rows of a stream, which is left open.</summary>
    /// <param name="stream">The CSV text.</param>
    /// <param name="sourceName">The name to report rejected rows under.</param>
    /// <param name="schema">The columns to read.</param>
    /// <param name="report">Receives the counts and rejected rows as the enumeration proceeds.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted rows, in input order, read lazily (enumerate once).</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The schema names no column, a column twice, or an option is invalid.</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) A schema column is missing from the header, or the bytes are not valid in the encoding.</exception>
    public static IEnumerable<CsvTableRow> Read(Stream stream, string sourceName, CsvTableSchema schema, CsvReadReport report, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        schema.Validate();
        return CsvRecordReader.Read<CsvTableRow>(() => CsvTable.Open(stream, sourceName, leaveOpen: true, report, options), table => new TableRowParser(table, schema).Parse);
    }
}
