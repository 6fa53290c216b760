using System.Text;
using Npgsql;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class TimestampFormatTests : IDisposable
{
    private static readonly string[][] s_rows =
    [
        ["536365", "85123A", "6", "12/1/2010 8:26", "2.55", "17850.0"],
        ["536366", "71053", "2", "2010-12-01 09:02:00", "3.39", "17850"],
        ["C536367", "84406B", "-1", "12/13/2010 10:05", "2.75", "13047.0"],
        ["536368", "84029G", "3", "2010-12-20 17:30", "3.39", "13047"],
        ["536369", "22752", "4", "1/5/2011 9:01:07", "7.65", "12583"],
        ["536370", "21730", "1", "31/12/2010 23:59", "4.25", "12583"],
        ["536371", "21730", "1", "13th of May", "4.25", "12583"],
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("pz-sql-ts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ExtractFiles_OnlineRetailFormatsAsText_ParseAsTheCsvLoaderDoes()
    {
        string path = Path.Combine(_dir, "retail.csv");
        File.WriteAllText(path, Csv());
        var csvReport = new CsvReadReport();
        FeatureMatrix<double> expected = new CustomerFeatureExtractor().Extract(OnlineRetailCsv.Read(path, csvReport));
        var report = new SqlReadReport();
        FeatureMatrix<double> actual = new SqlFeatureExtractor(options: new SqlSourceOptions { Mapping = TransactionCsvMapping.OnlineRetail }).ExtractFiles(path, report);
        TestData.AssertSameFeatures(expected, actual);
        Assert.Equal(csvReport.RejectedCount, report.RejectedCount);
        // One date format per file (docs/reliability.md): the Online Retail layout reads exactly yyyy-MM-dd HH:mm:ss,
        // so every other spelling is a rejected row in both engines, never a second guess.
        Assert.Equal(6, report.RejectedCount);
        Assert.Equal(["17850"], actual.RowIds);
    }

    [Fact]
    public void Extract_PostgresTextTimestampsWithFormats_ParseAsTheCsvLoaderDoes()
    {
        string path = Path.Combine(_dir, "retail.csv");
        File.WriteAllText(path, Csv());
        var csvReport = new CsvReadReport();
        FeatureMatrix<double> expected = new CustomerFeatureExtractor().Extract(OnlineRetailCsv.Read(path, csvReport));

        string schema = PostgresServer.NewSchemaName();
        using NpgsqlConnection connection = PostgresServer.Open();
        PostgresServer.Execute(connection, $"CREATE SCHEMA {schema}");
        try
        {
            PostgresServer.Execute(connection, $"CREATE TABLE {schema}.retail (\"InvoiceNo\" text, \"StockCode\" text, \"Quantity\" text, \"InvoiceDate\" text, \"UnitPrice\" text, \"CustomerID\" text, \"Country\" text)");
            using (TextWriter writer = connection.BeginTextImport($"COPY {schema}.retail FROM STDIN (FORMAT csv)"))
            {
                foreach (string[] row in s_rows)
                {
                    writer.Write(string.Join(',', row) + ",France\n");
                }
            }

            var report = new SqlReadReport();
            FeatureMatrix<double> actual = new SqlFeatureExtractor(options: new SqlSourceOptions { Mapping = TransactionCsvMapping.OnlineRetail })
                .Extract(connection, SqlTransactionSource.Table("retail", schema), report);
            TestData.AssertSameFeatures(expected, actual);
            Assert.Equal(csvReport.RejectedCount, report.RejectedCount);
            Assert.Equal(6, report.RejectedRows.Count);
            Assert.All(report.RejectedRows, r => Assert.Equal("InvoiceDate", r.Column));
        }
        finally
        {
            PostgresServer.Execute(connection, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static string Csv()
    {
        var sb = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        foreach (string[] r in s_rows)
        {
            sb.Append($"{r[0]},{r[1]},ITEM,{r[2]},{r[3]},{r[4]},{r[5]},France\n");
        }

        return sb.ToString();
    }
}
