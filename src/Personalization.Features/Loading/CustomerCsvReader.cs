using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>
/// Streams <see cref="Customer"/> records from CSV files (<c>.csv</c> or <c>.csv.gz</c>) with CsvHelper,
/// culture-invariant, recording every rejected row in a <see cref="CsvReadReport"/>.
/// </summary>
/// <remarks>
/// A row is rejected when the id is blank (quoted whitespace), the signup date does not match the file's one date
/// format or lies outside the accepted range, the opt-in flag is not a boolean, or the field count differs from the header's; rows without
/// an id follow <see cref="CsvReadOptions.MissingCustomerId"/>. All methods are thread-safe.
/// </remarks>
public static class CustomerCsvReader
{
    /// <summary>Streams the customers of a file.</summary>
    /// <param name="path">The CSV file; a name ending in <c>.gz</c> is decompressed.</param>
    /// <param name="report">Receives the counts and rejected rows as the enumeration proceeds.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="CustomerCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted customers, in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option is invalid, such as an encoding that is not ASCII-compatible or a blank date format.</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) The id column is missing, or a row has no id and the options say to fail, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt.</exception>
    public static IEnumerable<Customer> Read(string path, CsvReadReport report, CustomerCsvMapping? mapping = null, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        return CsvRecordReader.Read<Customer>(() => CsvTable.Open(path, report, options), table => new CustomerRowParser(table, mapping ?? CustomerCsvMapping.Default).Parse);
    }

    /// <summary>Streams the customers of a stream, which is left open.</summary>
    /// <param name="stream">The CSV text.</param>
    /// <param name="sourceName">The name to report rejected rows under.</param>
    /// <param name="report">Receives the counts and rejected rows.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="CustomerCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted customers, read lazily (enumerate once).</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="mapping"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option is invalid, such as an encoding that is not ASCII-compatible or a blank date format.</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) The id column is missing, or a row has no id and the options say to fail, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt.</exception>
    public static IEnumerable<Customer> Read(Stream stream, string sourceName, CsvReadReport report, CustomerCsvMapping? mapping = null, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        return CsvRecordReader.Read<Customer>(() => CsvTable.Open(stream, sourceName, leaveOpen: true, report, options), table => new CustomerRowParser(table, mapping ?? CustomerCsvMapping.Default).Parse);
    }

    /// <summary>Streams the customers of a file asynchronously.</summary>
    /// <param name="path">The CSV file; a name ending in <c>.gz</c> is decompressed.</param>
    /// <param name="report">Receives the counts and rejected rows.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="CustomerCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The accepted customers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option is invalid, such as an encoding that is not ASCII-compatible or a blank date format.</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) The id column is missing, or a row has no id and the options say to fail, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt.</exception>
    public static IAsyncEnumerable<Customer> ReadAsync(string path, CsvReadReport report, CustomerCsvMapping? mapping = null, CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        options ??= CsvReadOptions.Default;
        options.Validate();
        return CsvRecordReader.ReadAsync<Customer>(() => CsvTable.Open(path, report, options), table => new CustomerRowParser(table, mapping ?? CustomerCsvMapping.Default).Parse, cancellationToken);
    }

    /// <summary>Reads every customer of a file into memory.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="mapping">The column mapping; <see langword="null"/> for <see cref="CustomerCsvMapping.Default"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted customers and the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option is invalid, such as an encoding that is not ASCII-compatible or a blank date format.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The id column is missing, or a row has no id and the options say to fail, the bytes are not valid UTF-8 (or the encoding set), or a <c>.gz</c> file is truncated or corrupt.</exception>
    public static CsvLoadResult<Customer> ReadAll(string path, CustomerCsvMapping? mapping = null, CsvReadOptions? options = null)
        => CsvRecordReader.ReadAll(report => Read(path, report, mapping, options));
}
