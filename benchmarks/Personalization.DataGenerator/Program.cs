using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Personalization.DataGenerator;

// Synthetic transactions for the big-data benchmark (benchmarks/bigdata.sh), and the hand-written DuckDB peer query.
//   csv     --rows N --out tx.csv[.gz] [--seed S]        deterministic CSV in the Features default layout
//   parquet --input tx.csv --out folder                  the same rows as Parquet files, one folder per month (hive layout)
//   query   --input tx.csv|folder --out features.csv [--sql peer_features.sql] [--threads T] [--memory-limit 2GB] [--temp-directory dir]
//                                                        runs the SQL in embedded DuckDB, writes one row per customer
//   compare --expected a.csv --actual b.csv [--tolerance 1e-9]   two features.csv files, customer by customer
return Cli.Run(args);

internal static class Cli
{
    private const string CsvColumns =
        "{'customer_id': 'VARCHAR', 'order_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE', " +
        "'channel': 'VARCHAR', 'category': 'VARCHAR', 'product_id': 'VARCHAR', 'region': 'VARCHAR', 'discount_percent': 'DOUBLE', 'is_return': 'BOOLEAN'}";

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: csv --rows N --out tx.csv[.gz] [--seed S] | parquet --input tx.csv --out folder | query --input tx.csv|folder --out features.csv [--sql file] [--threads T] [--memory-limit 2GB] [--temp-directory dir] | compare --expected a.csv --actual b.csv [--tolerance 1e-9]");
            return args.Length == 0 ? 2 : 0;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"expected '--name value' pairs, got '{args[i]}'");
                return 2;
            }

            options[args[i][2..]] = args[i + 1];
        }

        var clock = Stopwatch.StartNew();
        switch (args[0])
        {
            case "csv":
                long rows = long.Parse(Required(options, "rows"), CultureInfo.InvariantCulture);
                ulong seed = options.TryGetValue("seed", out string? s) ? ulong.Parse(s, CultureInfo.InvariantCulture) : 17;
                SyntheticTransactions.Write(Required(options, "out"), rows, seed);
                Console.WriteLine($"{rows:N0} rows, {SyntheticTransactions.CustomerCount(rows):N0} customers drawn from -> {options["out"]} in {clock.Elapsed.TotalSeconds:F1} s");
                return 0;
            case "parquet":
                WriteParquet(Required(options, "input"), Required(options, "out"));
                Console.WriteLine($"parquet -> {options["out"]} in {clock.Elapsed.TotalSeconds:F1} s");
                return 0;
            case "query":
                string sqlPath = options.TryGetValue("sql", out string? q) ? q : Path.Combine(AppContext.BaseDirectory, "peer_features.sql");
                long customers = Query(File.ReadAllText(sqlPath), Required(options, "input"), Required(options, "out"), options);
                Console.WriteLine($"{customers:N0} customers -> {options["out"]} in {clock.Elapsed.TotalSeconds:F1} s");
                return 0;
            case "compare":
                double tolerance = options.TryGetValue("tolerance", out string? t) ? double.Parse(t, CultureInfo.InvariantCulture) : 1e-9;
                return FeatureCsvComparison.Run(Required(options, "expected"), Required(options, "actual"), tolerance);
            default:
                Console.Error.WriteLine($"unknown verb '{args[0]}'; use csv, parquet, query or compare");
                return 2;
        }
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"--{name} is required.");

    /// <summary>A SQL string literal: the text in single quotes, quotes doubled (paths are the benchmark's own).</summary>
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Source(string input) => Directory.Exists(input)
        ? $"read_parquet({Literal(Path.Combine(input, "**", "*.parquet"))}, hive_partitioning = false)"
        : input.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? $"read_parquet({Literal(input)})"
            : $"read_csv({Literal(input)}, header = true, auto_detect = false, delim = ',', quote = '\"', timestampformat = '%Y-%m-%d %H:%M:%S', columns = {CsvColumns})";

    private static void WriteParquet(string input, string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        // One thread keeps the row order, and so the bytes, fixed for a given input.
        Execute(connection, "SET threads = 1; SET preserve_insertion_order = true;");
        Execute(connection, $"COPY (SELECT *, strftime(\"timestamp\", '%Y-%m') AS month FROM {Source(input)}) TO {Literal(folder)} (FORMAT PARQUET, PARTITION_BY (month), COMPRESSION ZSTD, ROW_GROUP_SIZE 122880)");
    }

    private static long Query(string sql, string input, string output, Dictionary<string, string> options)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        if (options.TryGetValue("threads", out string? threads))
        {
            Execute(connection, $"SET threads = {int.Parse(threads, CultureInfo.InvariantCulture)}");
        }

        if (options.TryGetValue("memory-limit", out string? limit))
        {
            Execute(connection, $"SET memory_limit = {Literal(limit)}");
        }

        if (options.TryGetValue("temp-directory", out string? temp))
        {
            Execute(connection, $"SET temp_directory = {Literal(temp)}");
        }

        string query = sql.Replace("{{source}}", Source(input), StringComparison.Ordinal).Trim().TrimEnd(';');
        Execute(connection, $"COPY ({query}) TO {Literal(output)} (FORMAT CSV, HEADER true)");
        using DuckDBCommand count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM read_csv({Literal(output)}, header = true)";
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
