using Npgsql;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class PostgresFeatureTests(PostgresData data) : IClassFixture<PostgresData>
{
    [Fact]
    public void Extract_SyntheticTable_EqualsInMemoryExtractorForEveryOptionSet()
    {
        using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        foreach (CustomerFeatureOptions options in Synthetic.OptionSets())
        {
            FeatureMatrix<double> expected = new CustomerFeatureExtractor(options).Extract(data.Transactions);
            var report = new SqlReadReport();
            FeatureMatrix<double> actual = new SqlFeatureExtractor(options).Extract(connection, SqlTransactionSource.Table("synthetic", data.Schema), report);
            Assert.True(expected.RowCount > 300);
            TestData.AssertSameFeatures(expected, actual);
            Assert.Equal(data.Transactions.Count, report.RowsAccepted);
            Assert.Equal(0, report.RejectedCount);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(365)]
    public void Extract_OnlineRetailTable_EqualsInMemoryExtractor(int? windowDays)
    {
        var options = new CustomerFeatureOptions { AsOf = new DateTime(2011, 12, 10), WindowDays = windowDays };
        FeatureMatrix<double> expected = new CustomerFeatureExtractor(options).Extract(OnlineRetailCsv.Read(TestData.OnlineRetailPath, new CsvReadReport()));
        using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        var report = new SqlReadReport();
        FeatureMatrix<double> actual = new SqlFeatureExtractor(options, new SqlSourceOptions { Mapping = TransactionCsvMapping.OnlineRetail })
            .Extract(connection, SqlTransactionSource.Table("online_retail", data.Schema), report);
        Assert.True(expected.RowCount > 4000);
        TestData.AssertSameFeatures(expected, actual);
        Assert.Equal(541909, report.RowsRead);
        Assert.Equal(135080, report.SkippedMissingCustomerId);
    }

    [Fact]
    public void Extract_SelectAsSubquery_EqualsInMemoryExtractorOnTheSameRows()
    {
        var options = new CustomerFeatureOptions { AsOf = new DateTime(2011, 12, 10), WindowDays = 180 };
        List<Transaction> france = OnlineRetailCsv.Read(TestData.OnlineRetailPath, new CsvReadReport()).Where(t => t.Region == "France").ToList();
        FeatureMatrix<double> expected = new CustomerFeatureExtractor(options).Extract(france);
        using var connection = PostgresServer.Open();
        FeatureMatrix<double> actual = new SqlFeatureExtractor(options, new SqlSourceOptions { Mapping = TransactionCsvMapping.OnlineRetail })
            .Extract(connection, SqlTransactionSource.Query($"SELECT * FROM {data.Schema}.online_retail WHERE \"Country\" = 'France';"));
        Assert.True(expected.RowCount > 50);
        TestData.AssertSameFeatures(expected, actual);
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public void Plan_PostgresTable_ScansTheTableOnceWithoutSubPlans()
    {
        using NpgsqlConnection connection = PostgresServer.Open();
        var extractor = new SqlFeatureExtractor(new CustomerFeatureOptions { Categories = Synthetic.Categories });
        string plan = QueryPlanTests.Explain(connection, PostgreSqlDialect.Instance, extractor.Plan(connection, SqlTransactionSource.Table("synthetic", data.Schema)));
        Assert.Equal(1, QueryPlanTests.Count(plan, "Seq Scan on synthetic"));
        Assert.Equal(0, QueryPlanTests.Count(plan, "SubPlan"));
    }
}
