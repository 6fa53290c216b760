using DuckDB.NET.Data;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class BadInputTests : IDisposable
{
    private const string Header = "customer_id,order_id,timestamp,quantity,unit_price,channel,category,discount_percent,is_return";
    private readonly string _dir = Directory.CreateTempSubdirectory("pz-sql-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ExtractFiles_MissingFile_ThrowsFileNotFoundBeforeAnyWork()
    {
        string path = Path.Combine(_dir, "nope.parquet");
        var ex = Assert.Throws<FileNotFoundException>(() => new SqlFeatureExtractor().ExtractFiles(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractFiles_GlobMatchingNothing_ThrowsFileNotFound()
    {
        string glob = Path.Combine(_dir, "*.parquet");
        var ex = Assert.Throws<FileNotFoundException>(() => new SqlFeatureExtractor().ExtractFiles(glob));
        Assert.Contains(glob, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractFiles_FolderWithoutParquet_ThrowsFileNotFound()
    {
        File.WriteAllText(Path.Combine(_dir, "a.csv"), Header + "\n");
        var ex = Assert.Throws<FileNotFoundException>(() => new SqlFeatureExtractor().ExtractFiles(_dir));
        Assert.Contains(_dir, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_UnknownExtension_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => SqlTransactionSource.Files(Path.Combine(_dir, "tx.xlsx")));

    [Fact]
    public void ExtractFiles_MissingColumn_NamesTheColumnAndTheFile()
    {
        string path = Write("no_price.csv", "customer_id,order_id,timestamp,quantity\nc1,o1,2024-01-01 10:00:00,1\n");
        var ex = Assert.Throws<InvalidDataException>(() => new SqlFeatureExtractor().ExtractFiles(path));
        Assert.Contains("'unit_price'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractFiles_UnconvertibleValues_AreRejectedCountedAndReportedLikeTheCsvLoader()
    {
        string path = Write("bad.csv", Header + "\n"
            + "c1,o1,2024-01-01 10:00:00,2,3.5,online,A,0,false\n"
            + "c1,o2,2024-01-02 10:00:00,abc,3.5,online,A,0,false\n"
            + "c2,o3,not a date,1,1,store,B,0,false\n"
            + "c2,o4,2024-01-03 10:00:00,1,-1,store,B,0,false\n"
            + "c2,o5,2024-01-03 10:00:00,1,2,store,B,150,false\n"
            + "c2,o6,2024-01-03 10:00:00,1,2,store,B,5,maybe\n"
            + ",o7,2024-01-03 10:00:00,1,2,store,B,5,false\n"
            + "c3,o8,2024-01-04 10:00:00,1,2,store,B,5,yes\n");
        var csvReport = new CsvReadReport();
        List<Transaction> accepted = TransactionCsvReader.Read(path, csvReport).ToList();

        var report = new SqlReadReport();
        FeatureMatrix<double> actual = new SqlFeatureExtractor().ExtractFiles(path, report);

        TestData.AssertSameFeatures(new CustomerFeatureExtractor().Extract(accepted), actual);
        Assert.Equal(csvReport.RowsRead, report.RowsRead);
        Assert.Equal(csvReport.RowsAccepted, report.RowsAccepted);
        Assert.Equal(csvReport.SkippedMissingCustomerId, report.SkippedMissingCustomerId);
        Assert.Equal(csvReport.RejectedCount, report.RejectedCount);
        Assert.Equal(5, report.RejectedCount);
        Assert.Equal(
            csvReport.RejectedRows.Select(r => (r.Column, r.Value)).OrderBy(r => r.Column, StringComparer.Ordinal),
            report.RejectedRows.Select(r => (r.Column, r.Value)).OrderBy(r => r.Column, StringComparer.Ordinal));
        Assert.All(report.RejectedRows, r => Assert.Equal(path, r.Source));
    }

    [Fact]
    public void ExtractFiles_MalformedCsvLine_IsRejectedWithItsLine()
    {
        string path = Write("ragged.csv", Header + "\n"
            + "c1,o1,2024-01-01 10:00:00,2,3.5,online,A,0,false\n"
            + "c1,o2,2024-01-02 10:00:00,1,3.5,online,A,0,false,extra,fields\n"
            + "c2,o3,2024-01-03 10:00:00,1,1,store,B,0,false\n");
        var report = new SqlReadReport();
        FeatureMatrix<double> actual = new SqlFeatureExtractor().ExtractFiles(path, report);

        Assert.Equal(2, actual.RowCount);
        Assert.Equal(3, report.RowsRead);
        Assert.Equal(2, report.RowsAccepted);
        Assert.Equal(1, report.RejectedCount);
        RejectedRow row = Assert.Single(report.RejectedRows);
        Assert.Equal(3, row.Line);
        Assert.Contains("o2", row.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OneConnection_ABadFileThenACleanFile_ReportsOnlyEachFilesOwnRejections()
    {
        string bad = Write("first.csv", Header + "\n"
            + "c1,o1,2024-01-01 10:00:00,2,3.5,online,A,0,false\n"
            + "c1,o2,2024-01-02 10:00:00,1,3.5,online,A,0,false,extra,fields\n"
            + "c2,o3,2024-01-03 10:00:00,abc,1,store,B,0,false\n");
        string clean = Write("second.csv", Header + "\n"
            + "c1,o1,2024-01-01 10:00:00,2,3.5,online,A,0,false\n"
            + "c2,o3,2024-01-03 10:00:00,1,1,store,B,0,false\n");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var extractor = new SqlFeatureExtractor();

        var first = new SqlReadReport();
        extractor.Extract(connection, SqlTransactionSource.Files(bad), first);
        var second = new SqlReadReport();
        FeatureMatrix<double> features = extractor.Extract(connection, SqlTransactionSource.Files(clean), second);

        Assert.Equal(2, first.RejectedCount);
        Assert.Equal(2, features.RowCount);
        Assert.Equal(2, second.RowsRead);
        Assert.Equal(2, second.RowsAccepted);
        Assert.Equal(0, second.RejectedCount);
        Assert.Empty(second.RejectedRows);
    }

    [Fact]
    public void ExtractFiles_MissingCustomerIdUnderFail_ThrowsNamingTheColumn()
    {
        string path = Write("nocustomer.csv", Header + "\n,o1,2024-01-01 10:00:00,2,3.5,online,A,0,false\n");
        var extractor = new SqlFeatureExtractor(options: new SqlSourceOptions { MissingCustomerId = MissingCustomerIdHandling.Fail });
        var ex = Assert.Throws<InvalidDataException>(() => extractor.ExtractFiles(path));
        Assert.Contains("customer_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractFiles_MissingCustomerIdUnderReject_IsReportedAsRejected()
    {
        string path = Write("nocustomer.csv", Header + "\n,o1,2024-01-01 10:00:00,2,3.5,online,A,0,false\nc1,o2,2024-01-01 10:00:00,2,3.5,online,A,0,false\n");
        var report = new SqlReadReport();
        new SqlFeatureExtractor(options: new SqlSourceOptions { MissingCustomerId = MissingCustomerIdHandling.Reject }).ExtractFiles(path, report);
        Assert.Equal(1, report.RejectedCount);
        Assert.Equal(0, report.SkippedMissingCustomerId);
        Assert.Equal("customer_id", Assert.Single(report.RejectedRows).Column);
    }

    [Fact]
    public void ExtractFiles_ColumnOfUnconvertibleType_NamesTheColumnAndTheFirstValue()
    {
        string path = Path.Combine(_dir, "typed.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT 'c1' AS customer_id, 'o1' AS order_id, TIMESTAMP '2024-01-01 10:00:00' AS \"timestamp\", TIMESTAMP '2024-03-04 05:06:07' AS quantity, 2.5 AS unit_price) TO '{path}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<InvalidDataException>(() => new SqlFeatureExtractor().ExtractFiles(path));
        Assert.Contains("'quantity'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2024-03-04 05:06:07", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_FilesOnNonDuckDBDialect_ThrowsNotSupported()
    {
        string path = Write("ok.csv", Header + "\n");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        var extractor = new SqlFeatureExtractor(options: new SqlSourceOptions { Dialect = PostgreSqlDialect.Instance });
        Assert.Throws<NotSupportedException>(() => extractor.Extract(connection, SqlTransactionSource.Files(path)));
    }

    [Theory]
    [InlineData("2GB ")]
    [InlineData("lots")]
    public void Constructor_BadMemoryLimit_ThrowsArgumentOutOfRange(string limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlFeatureExtractor(options: new SqlSourceOptions { DuckDBMemoryLimit = limit }));

    [Fact]
    public void Constructor_NegativeMaxRejectedRowsKept_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlFeatureExtractor(options: new SqlSourceOptions { MaxRejectedRowsKept = -1 }));

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
