using System.Text.Json;
using DuckDB.NET.Data;
using Npgsql;
using Personalization.Cli;

namespace Personalization.Samples.Tests;

/// <summary><c>personalize abtest</c> on a PostgreSQL table and on Parquet through DuckDB: the per-arm sums computed in the engine give
/// the results of the in-memory CSV path on the full Hillstrom file (64,000 units, three arms).</summary>
public sealed class PersonalizeAbTestSourceTests
{
    private static readonly string[] s_analysis = ["--arm-column", "segment", "--control", "No E-Mail", "--metric", "visit", "--metric", "conversion", "--metric", "spend", "--covariate", "history"];

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Connection()
    {
        string? connection = Environment.GetEnvironmentVariable("PERSONALIZATION_POSTGRES");
        Assert.False(string.IsNullOrEmpty(connection), "PERSONALIZATION_POSTGRES is not set: run the tests with `bash eng/test.sh`, or start a server with `eval \"$(bash eng/postgres.sh start)\"` first.");
        return connection!;
    }

    private static void Execute(NpgsqlConnection db, string sql)
    {
        using var command = new NpgsqlCommand(sql, db);
        command.ExecuteNonQuery();
    }

    /// <summary>The Hillstrom CSV in a typed table, loaded with COPY; returns the table name.</summary>
    private static string LoadHillstrom(NpgsqlConnection db)
    {
        string table = "cli_hillstrom_" + Guid.NewGuid().ToString("N")[..8];
        Execute(db, $"CREATE TABLE {table} (recency integer, history_segment text, history double precision, mens integer, womens integer, zip_code text, newbie integer, channel text, segment text, visit integer, conversion integer, spend double precision)");
        using (TextWriter writer = db.BeginTextImport($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"))
        {
            writer.Write(File.ReadAllText(Outputs.SharedData("hillstrom.csv")));
        }

        return table;
    }

    /// <summary>The JSON results of the in-memory path on the CSV.</summary>
    private static JsonElement FromCsv(TempFolder folder)
    {
        string output = Path.Combine(folder.Path, "memory");
        (int exit, _, string error) = Run(["abtest", "--input", Outputs.SharedData("hillstrom.csv"), .. s_analysis, "--output", output]);
        Assert.True(exit == 0, error);
        return Outputs.ReadJson(Path.Combine(output, "abtest.json"));
    }

    /// <summary>Everything but input.path is the same: names, tests, decisions exactly; numbers to 1e-9 (relative, absolute below 1).</summary>
    private static void AssertSameResults(JsonElement expected, JsonElement actual, string where = "$")
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{where}: {expected.ValueKind} in the CSV run, {actual.ValueKind} in the engine run.");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (JsonProperty p in expected.EnumerateObject())
                {
                    if (where == "$.input" && p.Name == "path")
                    {
                        continue;
                    }

                    AssertSameResults(p.Value, actual.GetProperty(p.Name), where + "." + p.Name);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertSameResults(expected[i], actual[i], $"{where}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                double e = expected.GetDouble(), a = actual.GetDouble();
                Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{where}: {e:R} from the CSV, {a:R} from the engine.");
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    [Fact]
    public void AbTest_PostgresTable_SameResultsAsTheCsv()
    {
        string connection = Connection();
        using var folder = new TempFolder();
        using var db = new NpgsqlConnection(connection);
        db.Open();
        string table = LoadHillstrom(db);
        try
        {
            JsonElement memory = FromCsv(folder);
            string server = Path.Combine(folder.Path, "server");
            (int exit, string output, string error) = Run(["abtest", "--provider", "postgres", "--connection", connection, "--table", "public." + table, .. s_analysis, "--output", server]);

            Assert.True(exit == 0, error);
            JsonElement json = Outputs.ReadJson(Path.Combine(server, "abtest.json"));
            AssertSameResults(memory, json);
            Assert.Equal(64_000, json.GetProperty("input").GetProperty("rows").GetInt64());
            Assert.Equal(8, json.GetProperty("results").GetArrayLength()); // two arms x (visit z, conversion z, spend Welch, spend CUPED)
            Assert.Contains("CUPED Welch", output, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllLines(Path.Combine(folder.Path, "memory", "abtest.csv"))[0], File.ReadAllLines(Path.Combine(server, "abtest.csv"))[0]);

            string query = Path.Combine(folder.Path, "query");
            (exit, _, error) = Run(["abtest", "--provider", "postgres", "--connection", connection, "--query", $"SELECT segment, visit, conversion, spend, history FROM {table}", .. s_analysis, "--output", query]);
            Assert.True(exit == 0, error);
            AssertSameResults(memory, Outputs.ReadJson(Path.Combine(query, "abtest.json")));
        }
        finally
        {
            Execute(db, $"DROP TABLE {table}");
        }
    }

    [Fact]
    public void AbTest_PostgresMissingColumn_ExitsTwoNamingColumnAndTable()
    {
        string connection = Connection();
        using var folder = new TempFolder();
        using var db = new NpgsqlConnection(connection);
        db.Open();
        string table = LoadHillstrom(db);
        try
        {
            (int exit, _, string error) = Run("abtest", "--provider", "postgres", "--connection", connection, "--table", table,
                "--arm-column", "segment", "--control", "No E-Mail", "--metric", "revenue", "--output", folder.Path);

            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Contains("'revenue'", error, StringComparison.Ordinal);
            Assert.Contains(table, error, StringComparison.Ordinal);
            Assert.False(File.Exists(folder.File("abtest.json")));
        }
        finally
        {
            Execute(db, $"DROP TABLE {table}");
        }
    }

    [Fact]
    public void AbTest_ParquetAndCsvThroughDuckDB_SameResultsAsTheCsv()
    {
        using var folder = new TempFolder();
        string parquet = folder.File("hillstrom.parquet");
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using DuckDBCommand command = duck.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{Outputs.SharedData("hillstrom.csv")}', header = true)) TO '{parquet}' (FORMAT PARQUET)";
            command.ExecuteNonQuery();
            command.CommandText = $"COPY (SELECT *, (row_number() OVER ()) % 2 AS part FROM read_parquet('{parquet}')) TO '{folder.File("parts")}' (FORMAT PARQUET, PARTITION_BY (part))";
            command.ExecuteNonQuery();
        }

        JsonElement memory = FromCsv(folder);
        foreach (string partitioned in (string[])[folder.File("parts"), Path.Combine(folder.File("parts"), "*", "*.parquet")])
        {
            string output = folder.File("partitioned");
            (int code, _, string message) = Run(["abtest", "--input", partitioned, .. s_analysis, "--output", output]);
            Assert.True(code == 0, message);
            AssertSameResults(memory, Outputs.ReadJson(Path.Combine(output, "abtest.json")));
        }

        string fromParquet = Path.Combine(folder.Path, "parquet");
        string fromCsv = Path.Combine(folder.Path, "duckcsv");
        (int exit, _, string error) = Run(["abtest", "--input", parquet, .. s_analysis, "--output", fromParquet]);
        Assert.True(exit == 0, error);
        (exit, _, error) = Run(["abtest", "--input", Outputs.SharedData("hillstrom.csv"), "--engine", "duckdb", .. s_analysis, "--output", fromCsv]);
        Assert.True(exit == 0, error);

        AssertSameResults(memory, Outputs.ReadJson(Path.Combine(fromParquet, "abtest.json")));
        AssertSameResults(memory, Outputs.ReadJson(Path.Combine(fromCsv, "abtest.json")));
        Assert.Equal("hillstrom.parquet", Outputs.ReadJson(Path.Combine(fromParquet, "abtest.json")).GetProperty("input").GetProperty("path").GetString());

        (exit, _, error) = Run("abtest", "--input", parquet, "--arm-column", "segment", "--control", "No E-Mail", "--metric", "revenue", "--output", folder.Path);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("'revenue'", error, StringComparison.Ordinal);
        Assert.Contains("hillstrom.parquet", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AbTest_DuckDBOnSmallCsv_DecidesZeroOneMetricsAsTheMemoryPath()
    {
        using var folder = new TempFolder();
        string input = folder.File("units.csv");
        var lines = new List<string> { "arm,flag,share,double,x" };
        for (int i = 0; i < 60; i++)
        {
            // flag is 0/1; share is in [0, 1] but not 0/1 (one 0.5); double is 0/2: only flag takes the z-test
            string arm = (i % 3) switch { 0 => "A", 1 => "B", _ => "C" };
            string share = i == 7 ? "0.5" : (i % 4 == 0 ? "1" : "0");
            lines.Add(string.Join(',', arm, (i * 7 % 5 == 0) ? "1" : "0", share, (i % 5 == 1) ? "2" : "0", (i % 11).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        File.WriteAllLines(input, lines);
        string[] analysis = ["--arm-column", "arm", "--control", "A", "--metric", "flag", "--metric", "share", "--metric", "double", "--covariate", "x"];
        (int exit, _, string error) = Run(["abtest", "--input", input, .. analysis, "--output", folder.File("memory")]);
        Assert.True(exit == 0, error);
        (exit, _, error) = Run(["abtest", "--input", input, "--engine", "duckdb", .. analysis, "--output", folder.File("duckdb")]);
        Assert.True(exit == 0, error);

        JsonElement memory = Outputs.ReadJson(folder.File("memory/abtest.json"));
        AssertSameResults(memory, Outputs.ReadJson(folder.File("duckdb/abtest.json")));
        string[] tests = memory.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("arm").GetString() == "B").Select(r => r.GetProperty("test").GetString()!).ToArray();
        Assert.Equal(["two-proportion z", "Welch t", "CUPED Welch", "Welch t", "CUPED Welch"], tests);
    }

    [Theory]
    [InlineData("metric")]
    [InlineData("covariate")]
    public void AbTest_DuckDBEmptyValue_ExitsTwoNamingTheArm(string which)
    {
        using var folder = new TempFolder();
        string input = folder.File("units.csv");
        var lines = new List<string> { "arm,y,x" };
        for (int i = 0; i < 20; i++)
        {
            bool blank = i == 5;
            lines.Add(string.Join(',', i % 2 == 0 ? "A" : "B", blank && which == "metric" ? "" : (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture), blank && which == "covariate" ? "" : (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        File.WriteAllLines(input, lines);

        (int exit, _, string error) = Run("abtest", "--input", input, "--engine", "duckdb", "--arm-column", "arm", "--control", "A", "--metric", "y", "--covariate", "x", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("arm 'B'", error, StringComparison.Ordinal);
        Assert.Contains(which == "metric" ? "'y'" : "x", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("abtest.json")));
    }

    [Fact]
    public void AbTest_UnreachableServer_ExitsTwoNamingHostAndPort()
    {
        using var folder = new TempFolder();

        (int exit, _, string error) = Run("abtest", "--provider", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=5", "--table", "results",
            "--arm-column", "segment", "--control", "No E-Mail", "--metric", "visit", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--table", "results")]
    [InlineData("--query", "SELECT 1")]
    [InlineData("--provider", "postgres")]
    public void AbTest_ServerOptionWithInput_ExitsOne(string option, string value)
    {
        using var folder = new TempFolder();

        (int exit, _, string error) = Run("abtest", "--input", Outputs.SharedData("hillstrom.csv"), option, value,
            "--arm-column", "segment", "--control", "No E-Mail", "--metric", "visit", "--output", folder.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--input", error, StringComparison.Ordinal);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AbTest_NoInputNorProvider_ExitsOne()
    {
        using var folder = new TempFolder();

        (int exit, _, string error) = Run("abtest", "--arm-column", "segment", "--control", "No E-Mail", "--metric", "visit", "--output", folder.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--input is required", error, StringComparison.Ordinal);
    }
}
