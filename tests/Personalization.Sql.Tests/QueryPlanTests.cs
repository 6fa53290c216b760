using System.Data.Common;
using System.Text;
using DuckDB.NET.Data;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class QueryPlanTests : IDisposable
{
    private readonly List<Transaction> _transactions = Synthetic.Generate();
    private readonly string _dir = Directory.CreateTempSubdirectory("pz-sql-plan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Plan_DuckDBParquet_ScansTheFilesOnce()
    {
        string file = Path.Combine(_dir, "tx.parquet");
        string csv = Path.Combine(_dir, "tx.csv");
        Synthetic.WriteCsv(csv, _transactions);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (DbCommand copy = connection.CreateCommand())
        {
            copy.CommandText = $"COPY (SELECT * FROM read_csv('{csv}', header = true)) TO '{file}' (FORMAT parquet)";
            copy.ExecuteNonQuery();
        }

        var extractor = new SqlFeatureExtractor(new CustomerFeatureOptions { AsOf = Synthetic.AsOf, WindowDays = 365, Categories = Synthetic.Categories });
        string plan = Explain(connection, DuckDBDialect.Instance, extractor.Plan(connection, SqlTransactionSource.Files(file)));
        // One table-function operator (its box names READ_PARQUET twice: operator and "Function:"); no correlated-subquery join.
        Assert.Equal(1, Count(plan, "Function:"));
        Assert.Contains("READ_PARQUET", plan, StringComparison.Ordinal);
        Assert.Equal(0, Count(plan, "DELIM_JOIN"));
    }

    [Fact]
    public void OpenDuckDB_MemoryLimitAndTempDirectory_AreApplied()
    {
        var options = new SqlSourceOptions { DuckDBMemoryLimit = "300MB", DuckDBTempDirectory = _dir };
        using DuckDBConnection connection = SqlFeatureExtractor.OpenDuckDB(options);
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('memory_limit'), current_setting('temp_directory')";
        using DbDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Contains("MiB", reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(_dir), reader.GetString(1));
    }

    [Fact]
    public void ExtractFiles_SmallMemoryLimitWithSpillFolder_GivesTheSameFeatures()
    {
        string csv = Path.Combine(_dir, "tx.csv");
        Synthetic.WriteCsv(csv, _transactions);
        var features = new CustomerFeatureOptions { AsOf = Synthetic.AsOf, WindowDays = 365, Categories = Synthetic.Categories };
        FeatureMatrix<double> expected = new CustomerFeatureExtractor(features).Extract(_transactions);
        var options = new SqlSourceOptions { DuckDBMemoryLimit = "64MB", DuckDBTempDirectory = Path.Combine(_dir, "spill") };
        TestData.AssertSameFeatures(expected, new SqlFeatureExtractor(features, options).ExtractFiles(csv));
    }

    internal static string Explain(DbConnection connection, SqlDialect dialect, (string Sql, List<(string Name, object Value)> Parameters) plan)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "EXPLAIN " + plan.Sql;
        foreach ((string name, object value) in plan.Parameters)
        {
            dialect.AddParameter(command, name, value);
        }

        var text = new StringBuilder();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                text.AppendLine(reader.GetValue(i).ToString());
            }
        }

        return text.ToString();
    }

    internal static int Count(string text, string what)
    {
        int count = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
