using System.Data.Common;
using Npgsql;
using Personalization.Features;
using Personalization.Sql;

namespace Personalization.Cli;

/// <summary>
/// Customer features from where the transactions live: a CSV read in .NET (<c>--engine memory</c>), files read by
/// embedded DuckDB (<c>--engine duckdb</c>: .csv, .csv.gz, .parquet, a folder or a glob), or a table or SELECT on a
/// PostgreSQL server (<c>--provider postgres</c>), where the features are computed in the engine.
/// </summary>
internal static class FeatureInput
{
    public static readonly OptionSpec[] Options =
    [
        new("input", "Transactions: a .csv or .csv.gz file (UCI Online Retail columns or customer_id, order_id, timestamp, quantity, unit_price), a .parquet file, a folder of Parquet files or a glob."),
        new("output", "Folder for the CSV and JSON results.", Default: "."),
        .. CsvInput.Options,
        new("engine", "Where the features are computed: 'duckdb' (embedded, in the engine) or 'memory' (streamed through .NET). Default: duckdb for Parquet, folders and globs; memory for CSV files.", Choices: ["duckdb", "memory"]),
        new("layout", "Column layout: 'generic' (customer_id, order_id, timestamp, ...) or 'online-retail' (InvoiceNo, ..., CustomerID). Default: from the CSV header; generic for Parquet and tables.", Choices: ["generic", "online-retail"]),
        new("memory-limit", "DuckDB's memory limit for --engine duckdb, such as 1GB or 1536MB (default: DuckDB's own, 80% of RAM); beyond it DuckDB spills to --temp-directory."),
        new("temp-directory", "The folder where --engine duckdb spills what exceeds --memory-limit (default: DuckDB's own, beside its database)."),
        new("provider", "Read from a database server instead of --input: 'postgres'.", Choices: ["postgres"]),
        new("connection", "The connection string of --provider (Npgsql format: Host=...;Port=...;Username=...;Database=...)."),
        new("table", "The table of transactions on --provider (schema.table or table)."),
        new("query", "A SELECT returning the transaction columns on --provider (passed through as a subquery)."),
    ];

    /// <summary>The features of every customer, and a JSON-ready summary of what was read.</summary>
    public static (FeatureMatrix<double> Features, object Input) Load(ParsedOptions options, CustomerFeatureOptions features, Terminal terminal)
    {
        string? provider = options.Get("provider");
        string? input = options.Get("input");
        if (provider is null)
        {
            if (input is null)
            {
                throw new UsageException("--input is required (or --provider with --connection and --table or --query).");
            }

            foreach (string serverOnly in (string[])["connection", "table", "query"])
            {
                if (options.Has(serverOnly))
                {
                    throw new UsageException($"--{serverOnly} needs --provider; with --input the data is read from files.");
                }
            }

            string engine = options.Get("engine") ?? (IsCsv(input) ? "memory" : "duckdb");
            return engine switch
            {
                "memory" when IsCsv(input) => FromCsv(options, features, terminal),
                "memory" => throw new UsageException($"--engine memory reads .csv and .csv.gz files; '{input}' is read with --engine duckdb."),
                "duckdb" => FromFiles(options, input, features, terminal),
                _ => throw new UsageException($"--engine must be 'duckdb' or 'memory', not '{engine}'."),
            };
        }

        if (input is not null)
        {
            throw new UsageException("--input and --provider are exclusive: read files or a server, not both.");
        }

        if (provider != "postgres")
        {
            throw new UsageException($"--provider must be 'postgres', not '{provider}'.");
        }

        if (options.Get("engine") is { } e && e != "duckdb")
        {
            throw new UsageException("--engine does not apply to --provider: the features are computed by the server.");
        }

        string connection = options.Get("connection") ?? throw new UsageException("--provider postgres needs --connection \"Host=...;Username=...;Database=...\".");
        SqlTransactionSource source = (options.Get("table"), options.Get("query")) switch
        {
            ({ } table, null) => Table(table),
            (null, { } query) => SqlTransactionSource.Query(query),
            (null, null) => throw new UsageException("--provider needs --table <name> or --query \"SELECT ...\"."),
            _ => throw new UsageException("--table and --query are exclusive."),
        };

        NpgsqlConnection db;
        try
        {
            db = new NpgsqlConnection(connection);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--connection is not a valid Npgsql connection string: {PersonalizeCli.OneLine(ex.Message)}");
        }

        using (db)
        {
            var report = new SqlReadReport();
            SqlFeatureExtractor extractor = new(features, new SqlSourceOptions { Mapping = Mapping(options.Get("layout"), options.Get("date-format")), MissingCustomerId = MissingCustomerIdHandling.Skip });
            terminal.Begin("Computing features on the PostgreSQL server");
            FeatureMatrix<double> result = Run(() => extractor.Extract(db, source, report), options, report, terminal);
            return (result, Summary(source.Description, report));
        }
    }

    private static (FeatureMatrix<double>, object) FromCsv(ParsedOptions options, CustomerFeatureOptions features, Terminal terminal)
    {
        var report = new CsvReadReport();
        // The first transaction's time is needed only to explain an --as-of before all data; without --as-of the
        // rows go to the extractor untouched.
        DateTime first = DateTime.MaxValue;
        IEnumerable<Transaction> transactions = TransactionInput.Stream(options, terminal, report);
        Terminal.Step load = terminal.Begin($"Reading {Path.GetFileName(options.Required("input"))}");
        if (load.IsLive)
        {
            transactions = Counted(transactions, load);
        }

        if (features.AsOf is not null)
        {
            transactions = transactions.Select(t =>
            {
                first = t.Timestamp < first ? t.Timestamp : first;
                return t;
            });
        }

        FeatureMatrix<double> result = new CustomerFeatureExtractor(features).Extract(transactions);
        if (result.RowCount == 0 && features.AsOf is DateTime limit && limit < first)
        {
            throw new BadInputException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{options.Required("input")}: --as-of {options.Get("as-of")} ({limit:yyyy-MM-ddTHH:mm}Z) is before the first transaction ({first:yyyy-MM-ddTHH:mm:ss}Z); no transaction would count. Choose a date on or after it."));
        }

        return (result, Output.InputSummary(options, report));
    }

    private static (FeatureMatrix<double>, object) FromFiles(ParsedOptions options, string input, CustomerFeatureOptions features, Terminal terminal)
    {
        CsvReadOptions read = CsvInput.ReadOptions(options);
        if (read.Encoding is not null || read.TimeZone != TimeZoneInfo.Utc)
        {
            throw new UsageException("--engine duckdb reads UTF-8 with times in UTC; for --encoding or --timezone use --engine memory on a CSV file.");
        }

        TransactionCsvMapping mapping = IsCsv(input) && File.Exists(input)
            ? TransactionInput.Mapping(options, input, read)
            : Mapping(options.Get("layout"), read.DateFormat);
        var report = new SqlReadReport();
        var sourceOptions = new SqlSourceOptions { Mapping = mapping, CsvSeparator = read.Separator, DuckDBMemoryLimit = options.Get("memory-limit"), DuckDBTempDirectory = options.Get("temp-directory") };
        SqlFeatureExtractor extractor;
        try
        {
            extractor = new SqlFeatureExtractor(features, sourceOptions);
        }
        catch (ArgumentOutOfRangeException ex) when (ex.ParamName == nameof(SqlSourceOptions.DuckDBMemoryLimit))
        {
            throw new UsageException($"--memory-limit must be a size such as 512MB, 2GB or 1.5GiB, not '{options.Get("memory-limit")}'.");
        }

        terminal.Begin($"Computing features in DuckDB from {Path.GetFileName(input.TrimEnd('/'))}");
        FeatureMatrix<double> result = Run(() => extractor.ExtractFiles(input, report), options, report, terminal);
        if (result.RowCount == 0 && features.AsOf is not null)
        {
            throw new BadInputException($"{input}: --as-of {options.Get("as-of")} is before the first transaction; no transaction would count. Choose a later date.");
        }

        return (result, Summary(Path.GetFileName(input.TrimEnd('/')), report));
    }

    private static FeatureMatrix<double> Run(Func<FeatureMatrix<double>> extract, ParsedOptions options, SqlReadReport report, Terminal terminal)
    {
        FeatureMatrix<double> result;
        try
        {
            result = extract();
        }
        catch (DbException ex)
        {
            throw new BadInputException(PersonalizeCli.OneLine(ex.Message));
        }

        CsvInput.CheckRejections(options, report.RejectedCount, report.RejectedRows, terminal.Text);
        if (report.RowsAccepted == 0)
        {
            throw new BadInputException($"{string.Join(", ", report.Sources)}: no transaction rows with a customer id.");
        }

        return result;
    }

    private static IEnumerable<Transaction> Counted(IEnumerable<Transaction> transactions, Terminal.Step step)
    {
        foreach (Transaction transaction in transactions)
        {
            step.Row();
            yield return transaction;
        }
    }

    /// <summary>The layout of Parquet files and tables (no header to recognise it by): generic unless --layout says otherwise.</summary>
    private static TransactionCsvMapping Mapping(string? layout, string? dateFormat)
    {
        TransactionCsvMapping mapping = layout switch
        {
            null or "generic" => TransactionCsvMapping.Default,
            "online-retail" => TransactionCsvMapping.OnlineRetail,
            _ => throw new UsageException($"--layout must be 'generic' or 'online-retail', not '{layout}'."),
        };
        return dateFormat is null ? mapping : mapping with { TimestampFormats = [dateFormat] };
    }

    private static SqlTransactionSource Table(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? SqlTransactionSource.Table(name[(dot + 1)..], schema: name[..dot]) : SqlTransactionSource.Table(name);
    }

    private static bool IsCsv(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    private static object Summary(string source, SqlReadReport report) =>
        Output.InputSummary(source, report.RowsRead, report.RowsAccepted, report.RejectedCount, report.SkippedMissingCustomerId);
}
