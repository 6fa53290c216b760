using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using Personalization.Cli;

namespace Personalization.Samples.Tests;

/// <summary><c>personalize features</c> and <c>segment</c> on Parquet folders, globs and a PostgreSQL table: the same features as the in-memory engine.</summary>
public sealed class PersonalizeDataSourceTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The slice as two Parquet partitions (all columns text, as in the CSV), in folder/part=N/data_0.parquet.</summary>
    private static string WriteParquetFolder(string csv, string folder)
    {
        string target = Path.Combine(folder, "transactions");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT *, (row_number() OVER ()) % 2 AS part FROM read_csv('{csv}', all_varchar = true, header = true)) TO '{target}' (FORMAT PARQUET, PARTITION_BY (part))";
        command.ExecuteNonQuery();
        return target;
    }

    private static void AssertSameFeatures(string expectedCsv, string actualCsv)
    {
        string[][] expected = Outputs.ReadCsv(expectedCsv);
        string[][] actual = Outputs.ReadCsv(actualCsv);
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected.Length, actual.Length);
        for (int r = 1; r < expected.Length; r++)
        {
            Assert.Equal(expected[r][0], actual[r][0]);
            for (int c = 1; c < expected[r].Length; c++)
            {
                if (expected[r][c].Length == 0 || actual[r][c].Length == 0)
                {
                    Assert.Equal(expected[r][c], actual[r][c]);
                    continue;
                }

                double e = double.Parse(expected[r][c], CultureInfo.InvariantCulture);
                double a = double.Parse(actual[r][c], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"customer {expected[r][0]}, {expected[0][c]}: memory {e}, duckdb {a}");
            }
        }
    }

    [Fact]
    public void Features_ParquetFolderAndGlob_EqualTheMemoryEngineOnTheCsv()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 20_000);
        string parquet = WriteParquetFolder(slice, folder.Path);
        string memory = Path.Combine(folder.Path, "memory");
        string fromFolder = Path.Combine(folder.Path, "folder");
        string fromGlob = Path.Combine(folder.Path, "glob");
        string fromCsv = Path.Combine(folder.Path, "csv");

        Assert.Equal(0, Run("features", "--input", slice, "--engine", "memory", "--output", memory).Exit);
        (int exit, _, string error) = Run("features", "--input", parquet, "--layout", "online-retail", "--output", fromFolder);
        Assert.True(exit == 0, error);
        (exit, _, error) = Run("features", "--input", Path.Combine(parquet, "*", "*.parquet"), "--layout", "online-retail", "--output", fromGlob);
        Assert.True(exit == 0, error);
        (exit, _, error) = Run("features", "--input", slice, "--engine", "duckdb", "--output", fromCsv);
        Assert.True(exit == 0, error);

        AssertSameFeatures(Path.Combine(memory, "features.csv"), Path.Combine(fromFolder, "features.csv"));
        AssertSameFeatures(Path.Combine(memory, "features.csv"), Path.Combine(fromGlob, "features.csv"));
        AssertSameFeatures(Path.Combine(memory, "features.csv"), Path.Combine(fromCsv, "features.csv"));
        Assert.Equal(20_000, Outputs.ReadJson(Path.Combine(fromFolder, "features.json")).GetProperty("input").GetProperty("rowsRead").GetInt64());
    }

    [Fact]
    public void Segment_ParquetFolder_SameSegmentsAsTheCsvAndAModelFile()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 20_000);
        string parquet = WriteParquetFolder(slice, folder.Path);
        string fromCsv = Path.Combine(folder.Path, "csv");
        string fromParquet = Path.Combine(folder.Path, "parquet");

        Assert.Equal(0, Run("segment", "--input", slice, "--k", "4", "--output", fromCsv).Exit);
        (int exit, _, string error) = Run("segment", "--input", parquet, "--layout", "online-retail", "--k", "4", "--output", fromParquet);

        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllLines(Path.Combine(fromCsv, "segments.csv")), File.ReadAllLines(Path.Combine(fromParquet, "segments.csv")));
        Assert.True(File.Exists(Path.Combine(fromParquet, "segmentation.model.json")));
    }

    [Theory]
    [InlineData("--engine", "gpu")]
    [InlineData("--layout", "sap")]
    [InlineData("--provider", "oracle")]
    public void Features_BadSourceOption_ExitsOne(string option, string value)
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 100);
        string[] args = option == "--provider"
            ? ["features", option, value, "--connection", "Host=127.0.0.1", "--table", "t", "--output", folder.Path]
            : ["features", "--input", slice, option, value, "--output", folder.Path];

        (int exit, _, string error) = Run(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_MissingParquetFolder_ExitsTwoNamingIt()
    {
        using var folder = new TempFolder();
        string missing = Path.Combine(folder.Path, "nowhere", "*.parquet");

        (int exit, _, string error) = Run("features", "--input", missing, "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("nowhere", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("features.csv")));
    }

    [Fact]
    public void Features_PostgresTable_EqualsTheMemoryEngine()
    {
        string? connection = Environment.GetEnvironmentVariable("PERSONALIZATION_POSTGRES");
        Assert.False(string.IsNullOrEmpty(connection), "PERSONALIZATION_POSTGRES is not set: run the tests with `bash eng/test.sh`, or start a server with `eval \"$(bash eng/postgres.sh start)\"` first.");
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 20_000);
        string table = "cli_tx_" + Guid.NewGuid().ToString("N")[..8];
        using (var db = new NpgsqlConnection(connection))
        {
            db.Open();
            using (var create = new NpgsqlCommand($"CREATE TABLE {table} (\"InvoiceNo\" text, \"StockCode\" text, \"Description\" text, \"Quantity\" text, \"InvoiceDate\" text, \"UnitPrice\" text, \"CustomerID\" text, \"Country\" text)", db))
            {
                create.ExecuteNonQuery();
            }

            using var writer = db.BeginTextImport($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)");
            writer.Write(File.ReadAllText(slice));
        }

        try
        {
            string memory = Path.Combine(folder.Path, "memory");
            string server = Path.Combine(folder.Path, "server");
            Assert.Equal(0, Run("features", "--input", slice, "--output", memory).Exit);
            (int exit, _, string error) = Run("features", "--provider", "postgres", "--connection", connection!, "--table", table, "--layout", "online-retail", "--output", server);

            Assert.True(exit == 0, error);
            AssertSameFeatures(Path.Combine(memory, "features.csv"), Path.Combine(server, "features.csv"));
        }
        finally
        {
            using var db = new NpgsqlConnection(connection);
            db.Open();
            using var drop = new NpgsqlCommand($"DROP TABLE {table}", db);
            drop.ExecuteNonQuery();
        }
    }
}
