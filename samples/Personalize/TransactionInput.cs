using Personalization.Features;

namespace Personalization.Cli;

/// <summary>Reads a transactions CSV (UCI Online Retail layout or the generic layout) and fails on malformed rows.</summary>
public static class TransactionInput
{
    public static readonly OptionSpec[] Options =
    [
        new("input", "Transactions CSV (.csv or .csv.gz): UCI Online Retail columns (InvoiceNo, ..., CustomerID) or customer_id, order_id, timestamp, quantity, unit_price.", Required: true),
        new("output", "Folder for the CSV and JSON results.", Default: "."),
        .. CsvInput.Options,
    ];

    public static (List<Transaction> Transactions, CsvReadReport Report) Read(ParsedOptions options, TextWriter stdout)
    {
        string path = CsvInput.ExistingInput(options);
        CsvReadOptions readOptions = CsvInput.ReadOptions(options);
        bool onlineRetail = IsOnlineRetail(path, readOptions);
        TransactionCsvMapping mapping = onlineRetail ? TransactionCsvMapping.OnlineRetail : TransactionCsvMapping.Default;
        if (readOptions.DateFormat is { } format)
        {
            mapping = mapping with { TimestampFormats = [format] };
        }

        var report = new CsvReadReport();
        var transactions = new List<Transaction>();
        CsvInput.Guard(() => transactions.AddRange(TransactionCsvReader.Read(path, report, mapping, readOptions)));
        CsvInput.CheckRejections(options, report, stdout);
        if (transactions.Count == 0)
        {
            throw new BadInputException($"{path}: no transaction rows with a customer id ({report}).");
        }

        return (transactions, report);
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
