using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using DuckDB.NET.Data;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class ApiContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pz-sql-api-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Extract_NullArguments_ThrowArgumentNull()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        var extractor = new SqlFeatureExtractor();
        Assert.Throws<ArgumentNullException>(() => extractor.Extract(null!, SqlTransactionSource.Table("t")));
        Assert.Throws<ArgumentNullException>(() => extractor.Extract(connection, null!));
        Assert.Throws<ArgumentNullException>(() => extractor.ExtractFiles(null!));
    }

    [Fact]
    public void Sources_EmptyNames_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SqlTransactionSource.Table(string.Empty));
        Assert.Throws<ArgumentException>(() => SqlTransactionSource.Table("t", string.Empty));
        Assert.Throws<ArgumentException>(() => SqlTransactionSource.Query(" ; "));
        Assert.Throws<ArgumentException>(() => SqlTransactionSource.Files(string.Empty));
    }

    [Fact]
    public void Extract_CancelledToken_ThrowsOperationCanceled()
    {
        string path = Path.Combine(_dir, "tx.csv");
        File.WriteAllText(path, "customer_id,order_id,timestamp,quantity,unit_price\nc1,o1,2024-01-01 10:00:00,1,2\n");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new SqlFeatureExtractor().ExtractFiles(path, cancellationToken: cts.Token));
    }

    [Fact]
    public void For_UnknownProvider_ThrowsNotSupported()
    {
        using var connection = new UnknownConnection();
        var ex = Assert.Throws<NotSupportedException>(() => SqlDialect.For(connection));
        Assert.Contains("SqlSourceOptions.Dialect", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractFiles_SemicolonSeparatedCsv_ReadsWithCsvSeparator()
    {
        string path = Path.Combine(_dir, "tx.csv");
        File.WriteAllText(path, "customer_id;order_id;timestamp;quantity;unit_price\nc1;o1;2024-01-01 10:00:00;1;2.5\nc2;o2;2024-01-02 10:00:00;3;1\n");
        FeatureMatrix<double> expected = new CustomerFeatureExtractor().Extract(TransactionCsvReader.ReadAll(path, options: new CsvReadOptions { Separator = ';' }).Records);
        TestData.AssertSameFeatures(expected, new SqlFeatureExtractor(options: new SqlSourceOptions { CsvSeparator = ';' }).ExtractFiles(path));
    }

    [Fact]
    public void QuoteIdentifier_EmbeddedQuotes_AreDoubled()
    {
        Assert.Equal("\"a\"\"b\"", DuckDBDialect.Instance.QuoteIdentifier("a\"b"));
        Assert.Throws<ArgumentException>(() => PostgreSqlDialect.Instance.QuoteIdentifier(string.Empty));
    }

    [Fact]
    public void FeatureNames_AreTheInMemoryExtractorNames()
    {
        var options = new CustomerFeatureOptions { Categories = ["A", "B"] };
        Assert.Equal(new CustomerFeatureExtractor(options).FeatureNames, new SqlFeatureExtractor(options).FeatureNames);
    }

    [Fact]
    public void Extract_DuckDBWithCaseInsensitiveDefaultCollation_StillGroupsAndOrdersOrdinally()
    {
        string path = Path.Combine(_dir, "case.csv");
        File.WriteAllText(path, "customer_id,order_id,timestamp,quantity,unit_price,category\n"
            + "a,o1,2024-01-01 10:00:00,1,2,apparel\nA,o1,2024-01-02 10:00:00,2,3,Apparel\nB,O1,2024-01-03 10:00:00,1,5,Apparel\nB,o1,2024-01-04 10:00:00,1,5,Apparel\nb,o2,2024-01-05 10:00:00,4,1,APPAREL\n");
        var features = new CustomerFeatureOptions { Categories = ["Apparel", "apparel"] };
        FeatureMatrix<double> expected = new CustomerFeatureExtractor(features).Extract(TransactionCsvReader.ReadAll(path).Records);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (DbCommand command = connection.CreateCommand())
        {
            command.CommandText = "SET default_collation = 'nocase'";
            command.ExecuteNonQuery();
        }

        FeatureMatrix<double> actual = new SqlFeatureExtractor(features).Extract(connection, SqlTransactionSource.Files(path));
        Assert.Equal(["A", "B", "a", "b"], actual.RowIds);
        TestData.AssertSameFeatures(expected, actual);
    }

    [SuppressMessage("Design", "CA1063", Justification = "Test double.")]
    private sealed class UnknownConnection : DbConnection
    {
        [AllowNull]
        public override string ConnectionString { get; set; } = string.Empty;

        public override string Database => string.Empty;

        public override string DataSource => string.Empty;

        public override string ServerVersion => string.Empty;

        public override ConnectionState State => ConnectionState.Closed;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public override void Close()
        {
        }

        public override void Open() => throw new NotSupportedException();

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw new NotSupportedException();

        protected override DbCommand CreateDbCommand() => throw new NotSupportedException();
    }
}
