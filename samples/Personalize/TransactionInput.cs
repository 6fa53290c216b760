using Personalization.Features;

namespace Personalization.Cli;

/// <summary>Reads a transactions CSV (UCI Online Retail layout or the generic layout) and fails on malformed rows.</summary>
public static class TransactionInput
{
    public static readonly OptionSpec[] Options =
    [
        new("input", "Transactions CSV (.csv or .csv.gz): UCI Online Retail columns (InvoiceNo, ..., CustomerID) or customer_id, order_id, timestamp, quantity, unit_price.", Required: true),
        new("output", "Folder for the CSV and JSON results.", Default: "."),
        new("skip-bad-rows", "Skip malformed rows (reported on stderr) instead of failing on the first.", IsFlag: true),
    ];

    public static (List<Transaction> Transactions, CsvReadReport Report) Read(ParsedOptions options, TextWriter stdout)
    {
        string path = options.Required("input");
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: the input file does not exist.");
        }

        string header = FirstLine(path);
        if (header.Length == 0)
        {
            throw new BadInputException($"{path}:1: the file is empty; expected a header row.");
        }

        bool onlineRetail = header.Contains("InvoiceNo", StringComparison.OrdinalIgnoreCase) && header.Contains("CustomerID", StringComparison.OrdinalIgnoreCase);
        var report = new CsvReadReport();
        var transactions = new List<Transaction>();
        IEnumerable<Transaction> rows = onlineRetail
            ? OnlineRetailCsv.Read(path, report)
            : TransactionCsvReader.Read(path, report, TransactionCsvMapping.Default);
        try
        {
            foreach (Transaction t in rows)
            {
                transactions.Add(t);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new BadInputException(PersonalizeCli.OneLine(ex.Message));
        }

        if (report.RejectedCount > 0)
        {
            RejectedRow first = report.RejectedRows[0];
            if (!options.Has("skip-bad-rows"))
            {
                throw new BadInputException($"{first} ({report.RejectedCount:N0} malformed row(s); fix them or pass --skip-bad-rows).");
            }

            stdout.WriteLine($"Skipped {report.RejectedCount:N0} malformed row(s); first: {first}");
        }

        if (transactions.Count == 0)
        {
            throw new BadInputException($"{path}: no transaction rows with a customer id.");
        }

        return (transactions, report);
    }

    private static string FirstLine(string path)
    {
        using Stream raw = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream);
        return reader.ReadLine() ?? "";
    }
}
