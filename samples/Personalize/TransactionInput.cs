using Personalization.Features;

namespace Personalization.Cli;

/// <summary>Streams a transactions CSV (UCI Online Retail layout or the generic layout) and fails on malformed rows.</summary>
public static class TransactionInput
{
    public static readonly OptionSpec[] Options =
    [
        new("input", "Transactions CSV (.csv or .csv.gz): UCI Online Retail columns (InvoiceNo, ..., CustomerID) or customer_id, order_id, timestamp, quantity, unit_price.", Required: true),
        new("output", "Folder for the CSV and JSON results.", Default: "."),
        new("skip-bad-rows", "Skip malformed rows (reported on stderr) instead of failing on the first.", IsFlag: true),
    ];

    /// <summary>
    /// Checks the file and its header now, then streams its transactions: nothing is held in memory, and
    /// <paramref name="report"/> fills as the caller enumerates (once). When the enumeration ends it fails on
    /// malformed rows (unless --skip-bad-rows) or on a file without transactions, as a whole-file read would.
    /// </summary>
    public static IEnumerable<Transaction> Stream(ParsedOptions options, TextWriter stdout, CsvReadReport report)
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

        bool onlineRetail = options.Get("layout") switch
        {
            null => IsOnlineRetailHeader(header),
            "online-retail" => true,
            "generic" => false,
            string other => throw new UsageException($"--layout must be 'generic' or 'online-retail', not '{other}'."),
        };
        IEnumerable<Transaction> rows = onlineRetail
            ? OnlineRetailCsv.Read(path, report)
            : TransactionCsvReader.Read(path, report, TransactionCsvMapping.Default);
        return Checked(rows, path, options.Has("skip-bad-rows"), stdout, report);
    }

    private static IEnumerable<Transaction> Checked(IEnumerable<Transaction> rows, string path, bool skipBadRows, TextWriter stdout, CsvReadReport report)
    {
        using IEnumerator<Transaction> e = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext())
                {
                    break;
                }
            }
            catch (InvalidDataException ex)
            {
                throw new BadInputException(PersonalizeCli.OneLine(ex.Message));
            }

            yield return e.Current;
        }

        if (report.RejectedCount > 0)
        {
            RejectedRow first = report.RejectedRows[0];
            if (!skipBadRows)
            {
                throw new BadInputException($"{first} ({report.RejectedCount:N0} malformed row(s); fix them or pass --skip-bad-rows).");
            }

            stdout.WriteLine($"Skipped {report.RejectedCount:N0} malformed row(s); first: {first}");
        }

        if (report.RowsAccepted == 0)
        {
            throw new BadInputException($"{path}: no transaction rows with a customer id.");
        }
    }

    /// <summary>The header row of a .csv or .csv.gz file.</summary>
    public static string Header(string path) => FirstLine(path);

    /// <summary>Whether a header row is the UCI Online Retail layout (InvoiceNo ... CustomerID).</summary>
    public static bool IsOnlineRetailHeader(string header) =>
        header.Contains("InvoiceNo", StringComparison.OrdinalIgnoreCase) && header.Contains("CustomerID", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string path)
    {
        using Stream raw = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream);
        return reader.ReadLine() ?? "";
    }
}
