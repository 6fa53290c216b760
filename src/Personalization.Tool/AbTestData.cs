using Personalization.Experiments;
using Personalization.Features;

namespace Personalization.Cli;

/// <summary>
/// The units of <c>personalize abtest</c>, from wherever they live: a CSV read in .NET (<see cref="Memory"/>) or a table,
/// query or file summarised in an engine (<see cref="EngineAbTestData"/>). Both feed the same tests and output.
/// </summary>
internal abstract class AbTestData
{
    /// <summary>Gets the name of the source for messages and the JSON's <c>input.path</c> (a file name, a table or "query").</summary>
    public abstract string Source { get; }

    /// <summary>Gets the units used.</summary>
    public abstract long Rows { get; }

    /// <summary>Gets the rows read, rejected ones included.</summary>
    public abstract long RowsRead { get; }

    /// <summary>Gets the rows rejected as malformed (--skip-bad-rows).</summary>
    public abstract long RowsRejected { get; }

    /// <summary>Gets the number of units of each arm, by arm name.</summary>
    public abstract IReadOnlyDictionary<string, long> ArmCounts { get; }

    /// <summary>The rows of one arm and metric against control: the z-test for a 0/1 metric, otherwise Welch and, with a covariate, CUPED.</summary>
    public abstract IEnumerable<AbTestCommand.Row> Compare(string control, string arm, string metric, string? covariate);

    /// <summary>The options that pick the source: --input (CSV in memory, or files through DuckDB) or --provider.</summary>
    public static readonly OptionSpec[] Options =
    [
        new("input", "Results: a .csv or .csv.gz file (one row per unit with an arm column and numeric metric columns), a .parquet file, a folder of Parquet files or a glob."),
        new("engine", "Where the per-arm statistics are computed: 'duckdb' (embedded, in the engine) or 'memory' (read in .NET). Default: duckdb for Parquet, folders and globs; memory for CSV files.", Choices: ["duckdb", "memory"]),
        new("provider", "Read from a database server instead of --input: 'postgres'; the per-arm sums are computed by the server.", Choices: ["postgres"]),
        new("connection", "The connection string of --provider (Npgsql format: Host=...;Port=...;Username=...;Database=...)."),
        new("table", "The table of units on --provider (schema.table or table)."),
        new("query", "A SELECT returning one row per unit on --provider (passed through as a subquery)."),
    ];

    /// <summary>Reads the units named by the command line.</summary>
    public static AbTestData Load(ParsedOptions options, string armColumn, IReadOnlyList<string> metrics, string? covariate, Terminal terminal)
    {
        string? provider = options.Get("provider");
        string? input = options.Get("input");
        if (provider is null)
        {
            foreach (string serverOnly in (string[])["table", "query", "connection"])
            {
                if (options.Has(serverOnly))
                {
                    throw new UsageException(input is null
                        ? $"--{serverOnly} needs --provider postgres and --connection."
                        : $"--input and --{serverOnly} are exclusive: --input reads files, --{serverOnly} reads from --provider.");
                }
            }

            if (input is null)
            {
                throw new UsageException("--input is required (or --provider with --connection and --table or --query).");
            }

            string engine = options.Get("engine") ?? (IsCsv(input) ? "memory" : "duckdb");
            return engine switch
            {
                "memory" when IsCsv(input) => Memory.Read(options, armColumn, [.. metrics, .. covariate is null ? Array.Empty<string>() : [covariate]], terminal),
                "memory" => throw new UsageException($"--engine memory reads .csv and .csv.gz files; '{input}' is read with --engine duckdb."),
                "duckdb" => EngineAbTestData.FromFiles(options, input, armColumn, metrics, covariate, terminal),
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
            throw new UsageException("--engine does not apply to --provider: the statistics are computed by the server.");
        }

        return EngineAbTestData.FromPostgres(options, armColumn, metrics, covariate, terminal);
    }

    internal static bool IsCsv(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>A CSV read into memory through the Features CSV machinery (quoting, encodings, verified gzip); the tests run on the raw values.</summary>
    private sealed class Memory : AbTestData
    {
        private readonly List<string> _arms = [];
        private readonly Dictionary<string, double[]> _columns = new(StringComparer.Ordinal);
        private CsvReadReport _report = new();
        private string _source = string.Empty;
        private Dictionary<string, long> _counts = [];

        public override string Source => _source;

        public override long Rows => _arms.Count;

        public override long RowsRead => _report.RowsRead;

        public override long RowsRejected => _report.RejectedCount;

        public override IReadOnlyDictionary<string, long> ArmCounts => _counts;

        public static Memory Read(ParsedOptions options, string armColumn, IReadOnlyList<string> numbers, Terminal terminal)
        {
            string path = CsvInput.ExistingInput(options);
            CsvReadOptions readOptions = CsvInput.ReadOptions(options);
            var report = new CsvReadReport();
            var schema = new CsvTableSchema { Text = [armColumn], Numbers = numbers };
            var table = new Memory { _report = report, _source = Path.GetFileName(path) };
            var data = numbers.Select(_ => new List<double>()).ToArray();
            Terminal.Step step = terminal.Begin($"Reading {Path.GetFileName(path)}");
            CsvInput.Guard(() =>
            {
                foreach (CsvTableRow row in CsvTableReader.Read(path, schema, report, readOptions))
                {
                    step.Row();
                    table._arms.Add(row.Text[0]);
                    for (int i = 0; i < data.Length; i++)
                    {
                        data[i].Add(row.Numbers[i]);
                    }
                }
            });
            CsvInput.CheckRejections(options, report, terminal.Text);
            if (table._arms.Count == 0)
            {
                throw new BadInputException($"{path}: the file has a header but no usable rows ({report}).");
            }

            for (int i = 0; i < data.Length; i++)
            {
                table._columns[numbers[i]] = data[i].ToArray();
            }

            table._counts = table._arms.GroupBy(a => a, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            return table;
        }

        public override IEnumerable<AbTestCommand.Row> Compare(string control, string arm, string metric, string? covariate)
        {
            double[] values = _columns[metric];
            var c = new List<double>();
            var t = new List<double>();
            var cCov = new List<double>();
            var tCov = new List<double>();
            double[]? cov = covariate is null ? null : _columns[covariate];
            for (int i = 0; i < values.Length; i++)
            {
                if (_arms[i] == control)
                {
                    c.Add(values[i]);
                    cCov.Add(cov?[i] ?? 0);
                }
                else if (_arms[i] == arm)
                {
                    t.Add(values[i]);
                    tCov.Add(cov?[i] ?? 0);
                }
            }

            bool binary = values.All(v => v is 0 or 1);
            double cm = c.Average();
            double tm = t.Average();
            if (binary)
            {
                TestResult z = TwoProportionZTest.Test(new ProportionSummary(c.Count, (long)c.Sum()), new ProportionSummary(t.Count, (long)t.Sum()));
                yield return AbTestCommand.Row.From(arm, metric, "two-proportion z", cm, tm, z);
                yield break;
            }

            yield return AbTestCommand.Row.From(arm, metric, "Welch t", cm, tm, TTest.Welch(c.ToArray(), t.ToArray()));
            if (cov is not null)
            {
                double[] m = [.. c, .. t];
                double[] x = [.. cCov, .. tCov];
                bool[] treated = [.. c.Select(_ => false), .. t.Select(_ => true)];
                CupedResult cuped = Cuped.Analyze(m, x, treated);
                yield return AbTestCommand.Row.From(arm, metric, "CUPED Welch", cm, tm, cuped.Test);
            }
        }
    }
}
