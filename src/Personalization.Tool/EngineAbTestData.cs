using System.Data.Common;
using System.Net.Sockets;
using DuckDB.NET.Data;
using Npgsql;
using Personalization.Experiments;
using Personalization.Sql;

namespace Personalization.Cli;

/// <summary>
/// The units of <c>personalize abtest</c> summarised in an engine (a PostgreSQL table or query, or files through embedded
/// DuckDB) with <see cref="SqlExperimentStatistics"/>: one <c>GROUP BY</c> of counts and, per metric, sums, sums of squares,
/// minimum and maximum (which decide 0/1 or continuous, as the CSV path does from the values) and, with a covariate, the
/// cross-products for CUPED. Only those sums leave the engine.
/// </summary>
internal sealed class EngineAbTestData : AbTestData
{
    private readonly Dictionary<string, SqlArmStatistics> _arms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _binary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly string _source;

    private EngineAbTestData(string source) => _source = source;

    public override string Source => _source;

    public override long Rows => _counts.Values.Sum();

    public override long RowsRead => Rows;

    public override long RowsRejected => 0;

    public override IReadOnlyDictionary<string, long> ArmCounts => _counts;

    /// <summary>Files through an in-memory DuckDB database: a .csv/.csv.gz file, a .parquet file, a folder of Parquet files or a glob.</summary>
    public static EngineAbTestData FromFiles(ParsedOptions options, string input, string armColumn, IReadOnlyList<string> metrics, string? covariate, Terminal terminal)
    {
        RejectMemoryOnlyOptions(options, "--engine duckdb");
        char separator = CsvInput.ReadOptions(options).Separator;
        string relation = FileRelation(input, separator);
        string name = Path.GetFileName(input.TrimEnd('/', Path.DirectorySeparatorChar));
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        terminal.Begin($"Computing per-arm statistics in DuckDB from {name}");
        return Compute(db, ScoringSqlSource.FromQuery("SELECT * FROM " + relation), "SELECT * FROM " + relation, name, armColumn, metrics, covariate);
    }

    /// <summary>A table or SELECT on a PostgreSQL server (--provider postgres --connection ... --table/--query).</summary>
    public static EngineAbTestData FromPostgres(ParsedOptions options, string armColumn, IReadOnlyList<string> metrics, string? covariate, Terminal terminal)
    {
        RejectMemoryOnlyOptions(options, "--provider");
        string connection = options.Get("connection") ?? throw new UsageException("--provider postgres needs --connection \"Host=...;Username=...;Database=...\".");
        (ScoringSqlSource source, string description) = (options.Get("table"), options.Get("query")) switch
        {
            ({ } table, null) => (Table(table), $"table '{table}'"),
            (null, { } query) => (ScoringSqlSource.FromQuery(query), "the --query result"),
            (null, null) => throw new UsageException("--provider needs --table <name> or --query \"SELECT ...\"."),
            _ => throw new UsageException("--table and --query are exclusive."),
        };

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--connection is not a valid Npgsql connection string: {PersonalizeCli.OneLine(ex.Message)}");
        }

        using var db = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            db.Open();
        }
        catch (Exception ex) when (ex is DbException or SocketException or TimeoutException or IOException)
        {
            throw new BadInputException($"could not connect to PostgreSQL at {builder.Host}:{builder.Port}: {PersonalizeCli.OneLine(ex.Message).TrimEnd('.')}. Check that the server runs and the host, port and credentials of --connection.");
        }

        terminal.Begin("Computing per-arm statistics on the PostgreSQL server");
        string probe = source.Table is { } t
            ? "SELECT * FROM " + (source.Schema is { } s ? PostgreSqlDialect.Instance.QuoteIdentifier(s) + "." : string.Empty) + PostgreSqlDialect.Instance.QuoteIdentifier(t)
            : "SELECT * FROM (" + source.Query + ") AS pz_probe";
        return Compute(db, source, probe, description, armColumn, metrics, covariate);
    }

    public override IEnumerable<AbTestCommand.Row> Compare(string control, string arm, string metric, string? covariate)
    {
        SqlMetricStatistics c = _arms[control].Metric(metric);
        SqlMetricStatistics t = _arms[arm].Metric(metric);
        double cm = c.Sum / c.Count;
        double tm = t.Sum / t.Count;
        if (_binary.Contains(metric))
        {
            yield return AbTestCommand.Row.From(arm, metric, "two-proportion z", cm, tm, TwoProportionZTest.Test(c.Proportion(), t.Proportion()));
            yield break;
        }

        yield return AbTestCommand.Row.From(arm, metric, "Welch t", cm, tm, TTest.Welch(c.Sample(), t.Sample()));
        if (covariate is not null)
        {
            CovariateSummary cc = Covariates(c, _arms[control], covariate);
            CovariateSummary tc = Covariates(t, _arms[arm], covariate);
            yield return AbTestCommand.Row.From(arm, metric, "CUPED Welch", cm, tm, Cuped.Analyze(cc, tc).Test);
        }
    }

    private static EngineAbTestData Compute(DbConnection db, ScoringSqlSource source, string probe, string description, string armColumn, IReadOnlyList<string> metrics, string? covariate)
    {
        CheckColumns(db, probe, description, [armColumn, .. metrics, .. covariate is null ? Array.Empty<string>() : [covariate]]);
        var data = new EngineAbTestData(description);
        IReadOnlyList<SqlArmStatistics> arms = Run(db, source, new SqlExperimentColumns { Arm = armColumn, Metrics = [.. metrics], Covariate = covariate });
        foreach (SqlArmStatistics a in arms)
        {
            data._arms[a.Arm] = a;
            data._counts[a.Arm] = a.Count;
        }

        foreach (string metric in metrics)
        {
            // 0/1 exactly when every arm's values are 0 or 1, as the CSV path decides from the values.
            if (arms.All(a => a.Metric(metric).IsBinary))
            {
                data._binary.Add(metric);
            }
        }

        if (data._counts.Count == 0)
        {
            throw new BadInputException($"{description}: no rows.");
        }

        return data;
    }

    private static IReadOnlyList<SqlArmStatistics> Run(DbConnection db, ScoringSqlSource source, SqlExperimentColumns columns)
    {
        try
        {
            return SqlExperimentStatistics.Compute(db, source, columns);
        }
        catch (DbException ex)
        {
            throw new BadInputException(PersonalizeCli.OneLine(ex.Message));
        }
        catch (InvalidDataException ex)
        {
            throw new BadInputException(PersonalizeCli.OneLine(ex.Message));
        }
    }

    /// <summary>Every named column must be in the source (compared as written: the engine quotes the names); the message names the column and the source.</summary>
    private static void CheckColumns(DbConnection db, string probe, string description, IReadOnlyList<string> wanted)
    {
        var present = new List<string>();
        try
        {
            using DbCommand command = db.CreateCommand();
            command.CommandText = probe + " LIMIT 0";
            using DbDataReader reader = command.ExecuteReader();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                present.Add(reader.GetName(i));
            }
        }
        catch (DbException ex)
        {
            throw new BadInputException($"{description}: {PersonalizeCli.OneLine(ex.Message)}");
        }

        foreach (string column in wanted.Distinct(StringComparer.Ordinal))
        {
            if (!present.Contains(column, StringComparer.Ordinal))
            {
                throw new BadInputException($"{description} has no column '{column}'; its columns are: {string.Join(", ", present)}.");
            }
        }
    }

    private static CovariateSummary Covariates(SqlMetricStatistics metric, SqlArmStatistics arm, string covariate)
    {
        try
        {
            return metric.WithCovariate();
        }
        catch (InvalidOperationException)
        {
            throw new BadInputException($"{arm.Count - arm.CovariateCount} of {arm.Count} units of arm '{arm.Arm}' have no --covariate {covariate} (NULL); CUPED needs it for every unit.");
        }
    }

    /// <summary>The DuckDB relation of the files: read_csv (every column as text, cast by the statistics query; a malformed row fails) or read_parquet.</summary>
    private static string FileRelation(string input, char separator)
    {
        DuckDBDialect d = DuckDBDialect.Instance;
        if (IsCsv(input))
        {
            if (!File.Exists(input))
            {
                throw new BadInputException($"{input}: the input file does not exist.");
            }

            return $"read_csv({d.StringLiteral(Path.GetFullPath(input))}, header = true, all_varchar = true, delim = {d.StringLiteral(separator.ToString())}, quote = '\"', escape = '\"')";
        }

        string pattern = Directory.Exists(input) ? Path.Combine(Path.GetFullPath(input), "**", "*.parquet") : input;
        if (!input.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(input))
        {
            throw new UsageException($"--input must be a .csv, .csv.gz or .parquet file, a folder of Parquet files or a glob of them, not '{input}'.");
        }

        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal) && !File.Exists(pattern))
        {
            throw new BadInputException($"{input}: the input file does not exist.");
        }

        return $"read_parquet({d.StringLiteral(pattern)})";
    }

    private static void RejectMemoryOnlyOptions(ParsedOptions options, string where)
    {
        if (options.Get("encoding") is { } encoding && encoding.ToLowerInvariant() is not ("utf-8" or "utf8"))
        {
            throw new UsageException($"{where} reads UTF-8; for --encoding {encoding} use --engine memory on a CSV file.");
        }

        if (options.Has("skip-bad-rows"))
        {
            throw new UsageException($"--skip-bad-rows applies to CSV files read with --engine memory; {where} fails on the first bad value, naming the arm and column.");
        }
    }

    private static ScoringSqlSource Table(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? ScoringSqlSource.FromTable(name[(dot + 1)..], schema: name[..dot]) : ScoringSqlSource.FromTable(name);
    }
}
