using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>
/// Streams <see cref="Transaction"/> records from CSV files (<c>.csv</c>, or <c>.csv.gz</c> decompressed
/// on the fly) with CsvHelper, culture-invariant. Rows that cannot be read are recorded in a
/// <see cref="CsvReadReport"/> with file, line, column and reason, never dropped silently.
/// </summary>
/// <remarks>
/// <para>Usage: <c>var report = new CsvReadReport(); foreach (var t in TransactionCsvReader.Read(path, report)) { ... }</c>
/// then inspect <c>report</c>. <see cref="ReadAll(string, TransactionCsvMapping?, CsvReadOptions?)"/> reads a whole file.</para>
/// <para>A row is rejected when the customer id is blank (quoted whitespace), the order id is missing, the timestamp
/// does not match the file's one date format or lies outside [<see cref="CsvReadOptions.EarliestDate"/>,
/// <see cref="CsvReadOptions.LatestDate"/>), its field count differs from the header's, the quantity or
/// unit price is not a finite number, the unit price is negative, the discount is outside [0, 100],
/// the return flag is not a boolean, or its quoting is malformed. Rows without a customer id follow
/// <see cref="CsvReadOptions.MissingCustomerId"/>. Memory use is constant: records are produced one at a time.</para>
/// <para>All methods are thread-safe; each enumeration opens its own reader.</para>
/// </remarks>
public static class TransactionCsvReader
{
    /// <summary>Streams the transactions of a file.</summary>
    /// <param name="path">The CSV file; a name ending in <c>.gz</c> is read through <see cref="System.IO.Compression.GZipStream"/>.</param>
    /// <param name="report">Receives the counts and rejected rows as the enumeration proceeds.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="TransactionCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted transactions, in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option or the mapping is invalid, such as an encoding that is not ASCII-compatible or more than one timestamp format.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (thrown by the enumeration).</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) A required column is missing from the header, or a row has no customer id and <see cref="CsvReadOptions.MissingCustomerId"/> is <see cref="MissingCustomerIdHandling.Fail"/>, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt; the message names the file (and line and column).</exception>
    public static IEnumerable<Transaction> Read(string path, CsvReadReport report, TransactionCsvMapping? mapping = null, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        (mapping ?? TransactionCsvMapping.Default).Validate();
        return CsvRecordReader.Read<Transaction>(() => CsvTable.Open(path, report, options), table => new TransactionRowParser(table, mapping ?? TransactionCsvMapping.Default).Parse);
    }

    /// <summary>Streams the transactions of a stream, which is left open.</summary>
    /// <param name="stream">The CSV text (UTF-8 unless it starts with another byte order mark).</param>
    /// <param name="sourceName">The name to report rejected rows under, such as the original file name.</param>
    /// <param name="report">Receives the counts and rejected rows as the enumeration proceeds.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="TransactionCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted transactions, in input order, read lazily (enumerate once).</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="mapping"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option or the mapping is invalid, such as an encoding that is not ASCII-compatible or more than one timestamp format.</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) A required column is missing, or a row has no customer id and the options say to fail, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt.</exception>
    public static IEnumerable<Transaction> Read(Stream stream, string sourceName, CsvReadReport report, TransactionCsvMapping? mapping = null, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        (mapping ?? TransactionCsvMapping.Default).Validate();
        return CsvRecordReader.Read<Transaction>(() => CsvTable.Open(stream, sourceName, leaveOpen: true, report, options), table => new TransactionRowParser(table, mapping ?? TransactionCsvMapping.Default).Parse);
    }

    /// <summary>Streams the transactions of a file asynchronously.</summary>
    /// <param name="path">The CSV file; a name ending in <c>.gz</c> is decompressed.</param>
    /// <param name="report">Receives the counts and rejected rows as the enumeration proceeds.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="TransactionCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The accepted transactions, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option or the mapping is invalid, such as an encoding that is not ASCII-compatible or more than one timestamp format.</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) A required column is missing, or a row has no customer id and the options say to fail, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt.</exception>
    public static IAsyncEnumerable<Transaction> ReadAsync(string path, CsvReadReport report, TransactionCsvMapping? mapping = null, CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        (mapping ?? TransactionCsvMapping.Default).Validate();
        return CsvRecordReader.ReadAsync<Transaction>(() => CsvTable.Open(path, report, options), table => new TransactionRowParser(table, mapping ?? TransactionCsvMapping.Default).Parse, cancellationToken);
    }

    /// <summary>Reads every transaction of a file into memory.</summary>
    /// <param name="path">The CSV file; a name ending in <c>.gz</c> is decompressed.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="TransactionCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted transactions and the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option or the mapping is invalid, such as an encoding that is not ASCII-compatible or more than one timestamp format.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A required column is missing, or a row has no customer id and the options say to fail, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt.</exception>
    public static CsvLoadResult<Transaction> ReadAll(string path, TransactionCsvMapping? mapping = null, CsvReadOptions? options = null)
        => CsvRecordReader.ReadAll(report => Read(path, report, mapping, options));
}
