using System.Runtime.CompilerServices;

namespace Personalization.Features.Internal;

/// <summary>
/// The one record loop of the CSV readers: opens a <see cref="CsvTable"/>, reads its header, binds a row parser
/// to it and yields every row the parser accepts (a rejected row returns <see langword="null"/> and is skipped).
/// </summary>
internal static class CsvRecordReader
{
    /// <summary>Streams the accepted records of the table that <paramref name="open"/> opens.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="open">Opens the table; called when the enumeration starts.</param>
    /// <param name="bind">Binds a parser to the table after its header is read; the parser returns <see langword="null"/> for a rejected row.</param>
    /// <returns>The accepted records, in input order.</returns>
    public static IEnumerable<T> Read<T>(Func<CsvTable> open, Func<CsvTable, Func<T?>> bind)
        where T : class
    {
        using CsvTable table = open();
        table.ReadHeader();
        Func<T?> parse = bind(table);
        while (table.Read())
        {
            if (parse() is T record)
            {
                yield return record;
            }
        }
    }

    /// <summary>Streams the accepted records of the table that <paramref name="open"/> opens, reading asynchronously.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="open">Opens the table; called when the enumeration starts.</param>
    /// <param name="bind">Binds a parser to the table after its header is read; the parser returns <see langword="null"/> for a rejected row.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The accepted records, in input order.</returns>
    public static async IAsyncEnumerable<T> ReadAsync<T>(Func<CsvTable> open, Func<CsvTable, Func<T?>> bind, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        CsvTable table = open();
        await using (table.ConfigureAwait(false))
        {
            await table.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            Func<T?> parse = bind(table);
            while (await table.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (parse() is T record)
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>Reads every accepted record into memory with a fresh report.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="read">Streams the records into the report it is given.</param>
    /// <returns>The records and the report.</returns>
    public static CsvLoadResult<T> ReadAll<T>(Func<CsvReadReport, IEnumerable<T>> read)
    {
        var report = new CsvReadReport();
        var records = new List<T>(read(report));
        return new CsvLoadResult<T>(records, report);
    }
}
