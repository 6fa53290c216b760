using DuckDB.NET.Data;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class DuckDBSyntheticTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pz-sql-").FullName;
    private readonly List<Transaction> _transactions = Synthetic.Generate();

    public DuckDBSyntheticTests() => Synthetic.WriteCsv(CsvPath, _transactions);

    private string CsvPath => Path.Combine(_dir, "tx.csv");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ExtractFiles_SyntheticCsv_EqualsInMemoryExtractorForEveryOptionSet()
    {
        List<Transaction> reread = TransactionCsvReader.ReadAll(CsvPath).Records.ToList();
        foreach (CustomerFeatureOptions options in Synthetic.OptionSets())
        {
            FeatureMatrix<double> expected = new CustomerFeatureExtractor(options).Extract(reread);
            var report = new SqlReadReport();
            FeatureMatrix<double> actual = new SqlFeatureExtractor(options).ExtractFiles(CsvPath, report);
            Assert.True(expected.RowCount > 300);
            TestData.AssertSameFeatures(expected, actual);
            Assert.Equal(_transactions.Count, report.RowsAccepted);
            Assert.Equal(0, report.RejectedCount);
        }
    }

    [Fact]
    public void ExtractFiles_PartitionedParquetFolderAndGlob_EqualInMemoryExtractor()
    {
        string folder = Path.Combine(_dir, "parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT *, length(customer_id) % 3 AS part FROM read_csv('{CsvPath}', header = true, all_varchar = true)) TO '{folder}' (FORMAT parquet, PARTITION_BY (part))";
            command.ExecuteNonQuery();
        }

        Assert.True(Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories).Length >= 2);
        List<Transaction> reread = TransactionCsvReader.ReadAll(CsvPath).Records.ToList();
        CustomerFeatureOptions options = Synthetic.OptionSets().ElementAt(1);
        FeatureMatrix<double> expected = new CustomerFeatureExtractor(options).Extract(reread);
        var extractor = new SqlFeatureExtractor(options);
        TestData.AssertSameFeatures(expected, extractor.ExtractFiles(folder));
        TestData.AssertSameFeatures(expected, extractor.ExtractFiles(Path.Combine(folder, "*", "*.parquet")));
    }

    [Fact]
    public void ExtractFiles_TypedParquet_EqualsInMemoryExtractor()
    {
        string file = Path.Combine(_dir, "typed.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{CsvPath}', header = true, types = {{'timestamp': 'TIMESTAMP', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE', 'discount_percent': 'DOUBLE', 'is_return': 'BOOLEAN', 'customer_id': 'VARCHAR', 'order_id': 'VARCHAR'}})) TO '{file}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        List<Transaction> reread = TransactionCsvReader.ReadAll(CsvPath).Records.ToList();
        foreach (CustomerFeatureOptions options in Synthetic.OptionSets())
        {
            TestData.AssertSameFeatures(new CustomerFeatureExtractor(options).Extract(reread), new SqlFeatureExtractor(options).ExtractFiles(file));
        }
    }
}
