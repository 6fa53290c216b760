using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class DuckDBOnlineRetailTests
{
    public static TheoryData<int?> Windows => new() { null, 365, 90 };

    [Theory]
    [MemberData(nameof(Windows))]
    public void ExtractFiles_OnlineRetailCsvGz_EqualsInMemoryExtractor(int? windowDays)
    {
        var features = new CustomerFeatureOptions { AsOf = new DateTime(2011, 12, 10), WindowDays = windowDays };
        FeatureMatrix<double> expected = new CustomerFeatureExtractor(features).Extract(OnlineRetailCsv.Read(TestData.OnlineRetailPath, new CsvReadReport()));

        var report = new SqlReadReport();
        FeatureMatrix<double> actual = new SqlFeatureExtractor(features, new SqlSourceOptions { Mapping = TransactionCsvMapping.OnlineRetail })
            .ExtractFiles(TestData.OnlineRetailPath, report);

        Assert.True(expected.RowCount > 4000, $"only {expected.RowCount} customers");
        TestData.AssertSameFeatures(expected, actual);
        Assert.Equal(541909, report.RowsRead);
        Assert.Equal(406829, report.RowsAccepted);
        Assert.Equal(135080, report.SkippedMissingCustomerId);
        Assert.Equal(0, report.RejectedCount);
    }
}
