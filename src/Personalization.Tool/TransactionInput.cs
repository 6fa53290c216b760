using Personalization.Features;

namespace Personalization.Cli;

/// <summary>Streams a transactions CSV (UCI Online Retail layout or the generic layout) through the Features loaders and fails on malformed rows.</summary>
internal static class TransactionInput
{
    /// <summary>
    /// Checks the file, its header and the input options now, then streams its transactions: nothing is held in memory,
    /// and <paramref name="report"/> fills as the caller enumerates (once). When the enumeration ends it fails on
    /// malformed rows (unless --skip-bad-rows) or on a file without transactions, as a whole-file read would.
    /// </summary>
    public static IEnumerable<Transaction> Stream(ParsedOptions options, Terminal terminal, CsvReadReport report)
    {
        string path = CsvInput.ExistingInput(options);
        CsvReadOptions readOptions = CsvInput.ReadOptions(options);
        TransactionCsvMapping mapping = Mapping(options, path, readOptions);
        return Checked(TransactionCsvReader.Read(path, report, mapping, readOptions), path, options, terminal, report);
    }

    /// <summary>The column layout: --layout, or the Online Retail layout when the header names its columns; with --date-format as its one format.</summary>
    public static TransactionCsvMapping Mapping(ParsedOptions options, string path, CsvReadOptions readOptions)
    {
        bool onlineRetail = options.Get("layout") switch
        {
            null => IsOnlineRetail(path, readOptions),
            "online-retail" => true,
            "generic" => false,
            string other => throw new UsageException($"--layout must be 'generic' or 'online-retail', not '{other}'."),
        };
        TransactionCsvMapping mapping = onlineRetail ? TransactionCsvMapping.OnlineRetail : TransactionCsvMapping.Default;
        return readOptions.DateFormat is { } format ? mapping with { TimestampFormats = [format] } : mapping;
    }

    private static IEnumerable<Transaction> Checked(IEnumerable<Transaction> rows, string path, ParsedOptions options, Terminal terminal, CsvReadReport report)
    {
        using IEnumerator<Transaction> e = rows.GetEnumerator();
        while (true)
        {
            bool more = false;
            CsvInput.Guard(() => more = e.MoveNext());
            if (!more)
            {
                break;
            }

            yield return e.Current;
        }

        CsvInput.CheckRejections(options, report, terminal.Text);
        if (report.RowsAccepted == 0)
        {
            throw new BadInputException($"{path}: no transaction rows with a customer id ({report}).");
        }
    }

    /// <summary>Whether the header names the Online Retail columns, read with the same options as the data.</summary>
    private static bool IsOnlineRetail(string path, CsvReadOptions readOptions)
    {
        var probe = new CsvReadReport();
        bool onlineRetail = false;
        CsvInput.Guard(() =>
        {
            try
            {
                using IEnumerator<CsvTableRow> rows = CsvTableReader.Read(path, new CsvTableSchema { Text = ["InvoiceNo", "CustomerID"] }, probe, readOptions).GetEnumerator();
                rows.MoveNext();
                onlineRetail = true;
            }
            catch (InvalidDataException ex) when (ex.Message.Contains("the header has no column", StringComparison.Ordinal))
            {
                onlineRetail = false;
            }
        });
        return onlineRetail;
    }
}
