using Personalization.Features;

namespace Personalization.Features.Tests;

/// <summary>The reference figures of ../shared/data/README.md on the full UCI Online Retail file.</summary>
public sealed class OnlineRetailTests
{
    [Fact]
    public void Rfm_CleanedSubset_Matches4339CustomersAndTotalMonetary()
    {
        var report = new CsvReadReport();
        IEnumerable<Transaction> cleaned = OnlineRetailCsv.Read(TestData.SharedDataPath("online_retail.csv.gz"), report).Where(t => t.IsPurchase);
        var extractor = new CustomerFeatureExtractor(new CustomerFeatureOptions
        {
            Columns = [CustomerFeatureNames.Recency, CustomerFeatureNames.Frequency, CustomerFeatureNames.Monetary],
        });

        FeatureMatrix<double> rfm = extractor.Extract(cleaned);

        Assert.Equal(4339, rfm.RowCount);
        double total = 0;
        foreach (double m in rfm.GetColumn(2))
        {
            total += m;
        }

        Assert.Equal(8_911_407.90, total, 0.005);
        Assert.Equal(18_536, rfm.GetColumn(1).Sum());
        Assert.Equal(541_909L, report.RowsRead);
        Assert.Equal(135_080L, report.SkippedMissingCustomerId);
        Assert.Equal(0L, report.RejectedCount);
        Assert.Equal(406_829L, report.RowsAccepted);
    }
}
