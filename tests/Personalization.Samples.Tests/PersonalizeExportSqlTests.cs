using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Personalization.Cli;
using Personalization.Features;
using Personalization.Segmentation;

namespace Personalization.Samples.Tests;

/// <summary><c>personalize export-sql</c>: the printed SELECT, run in DuckDB over the slice's features, gives the segments of <c>personalize segment</c>.</summary>
public sealed class PersonalizeExportSqlTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ExportSql_SegmentModelOnOnlineRetailSlice_DuckDBGivesSegmentsCsv()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 30_000);
        (int exit, _, string error) = Run("segment", "--input", slice, "--k", "5", "--output", folder.Path);
        Assert.True(exit == 0, error);
        (exit, string sql, error) = Run("export-sql", "--model", folder.File("segmentation.model.json"), "--dialect", "duckdb", "--table", "slice features");
        Assert.True(exit == 0, error);
        (int wrongExit, _, string wrongError) = Run("export-sql", "--model", folder.File("segmentation.model.json"), "--table", "t", "--features", "a,b");
        Assert.Equal(ExitCodes.Usage, wrongExit);
        Assert.Contains("--features applies to uplift models only", wrongError, StringComparison.Ordinal);

        IReadOnlyList<string> columns = new SegmentationPipelineOptions().Columns;
        FeatureMatrix<double> features = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = columns })
            .Extract(OnlineRetailCsv.Read(slice, new CsvReadReport()));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (DbCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE \"slice features\" (customer_id VARCHAR, " + string.Join(", ", columns.Select(c => "\"" + c + "\" DOUBLE")) + ")";
            create.ExecuteNonQuery();
        }

        using (DuckDBAppender appender = connection.CreateAppender("slice features"))
        {
            for (int i = 0; i < features.RowCount; i++)
            {
                IDuckDBAppenderRow row = appender.CreateRow().AppendValue(features.RowIds![i]);
                for (int j = 0; j < features.ColumnCount; j++)
                {
                    row = row.AppendValue((double?)features[i, j]);
                }

                row.EndRow();
            }
        }

        var fromSql = new Dictionary<string, int?>(StringComparer.Ordinal);
        using (DbCommand select = connection.CreateCommand())
        {
            select.CommandText = sql.Trim().TrimEnd(';');
            using DbDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                fromSql.Add(reader.GetString(0), reader.IsDBNull(1) ? null : Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
            }
        }

        string[][] csv = Outputs.ReadCsv(folder.File("segments.csv"));
        Assert.True(csv.Length > 500, $"only {csv.Length - 1} segmented customers");
        Assert.Equal(features.RowCount, fromSql.Count);
        for (int r = 1; r < csv.Length; r++)
        {
            int expected = int.Parse(csv[r][1], CultureInfo.InvariantCulture);
            Assert.True(fromSql[csv[r][0]] == expected, $"customer {csv[r][0]}: segments.csv has {expected}, SQL gives {fromSql[csv[r][0]]}");
        }
    }

    [Fact]
    public void ExportSql_UnknownDialect_ExitsOne()
    {
        (int exit, _, string error) = Run("export-sql", "--model", "m.json", "--dialect", "oracle", "--table", "t");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--dialect", error, StringComparison.Ordinal);
    }
}
