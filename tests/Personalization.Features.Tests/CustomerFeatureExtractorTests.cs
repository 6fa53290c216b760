using Personalization.Features;

namespace Personalization.Features.Tests;

public sealed class CustomerFeatureExtractorTests
{
    private static readonly DateTime AsOf = new(2024, 3, 31);

    private static double Get(FeatureMatrix<double> f, string customer, string column) =>
        f[f.RowIds!.ToList().IndexOf(customer), f.ColumnIndex(column)];

    [Fact]
    public void Extract_HandComputedCustomer_MatchesDefinitions()
    {
        var transactions = new List<Transaction>
        {
            new("a", "o1", AsOf.AddDays(-30), 2, 10) { Channel = "online", Category = "Apparel", DiscountPercent = 10 },
            new("a", "o1", AsOf.AddDays(-30), 1, 20) { Channel = "online", Category = "Grocery" },
            new("a", "o2", AsOf.AddDays(-20), 1, 50) { Channel = "store", Category = "Apparel" },
            new("a", "o3", AsOf.AddDays(-10), 1, 30) { Channel = "Online", Category = "Grocery" },
            new("a", "r1", AsOf.AddDays(-5), -1, 20) { IsReturn = true, Category = "Grocery" },
        };
        var extractor = new CustomerFeatureExtractor(new CustomerFeatureOptions { AsOf = AsOf, WindowDays = 90, Categories = ["Apparel", "Grocery"] });
        FeatureMatrix<double> f = extractor.Extract(transactions);

        Assert.Equal(["a"], f.RowIds);
        Assert.Equal(extractor.FeatureNames, f.ColumnNames);
        Assert.Equal(10, Get(f, "a", CustomerFeatureNames.Recency), 12);
        Assert.Equal(3, Get(f, "a", CustomerFeatureNames.Frequency));
        // gross = 18 + 20 + 50 + 30 = 118; returns 20.
        Assert.Equal(98, Get(f, "a", CustomerFeatureNames.Monetary), 12);
        Assert.Equal(118.0 / 3, Get(f, "a", CustomerFeatureNames.AverageOrderValue), 12);
        Assert.Equal(30, Get(f, "a", CustomerFeatureNames.Tenure), 12);
        Assert.Equal(10, Get(f, "a", CustomerFeatureNames.IntervalMean), 12);
        Assert.Equal(0, Get(f, "a", CustomerFeatureNames.IntervalStd), 12);
        Assert.Equal(10.0 / 4, Get(f, "a", CustomerFeatureNames.AverageDiscount), 12);
        Assert.Equal(1.0 / 3, Get(f, "a", CustomerFeatureNames.DiscountedOrderShare), 12);
        Assert.Equal(2.0 / 3, Get(f, "a", CustomerFeatureNames.OnlineShare), 12);
        Assert.Equal(1.0 / 4, Get(f, "a", CustomerFeatureNames.ReturnRate), 12);
        Assert.Equal(68.0 / 118, Get(f, "a", "category_share_Apparel"), 12);
        Assert.Equal(50.0 / 118, Get(f, "a", "category_share_Grocery"), 12);
        Assert.Equal(0, Get(f, "a", CustomerFeatureNames.TopCategory));
    }

    [Fact]
    public void Extract_NoPurchaseInWindow_ZeroFrequencyAndUndefinedRatios()
    {
        var transactions = new List<Transaction>
        {
            new("old", "o1", AsOf.AddDays(-400), 1, 10),
            new("new", "o2", AsOf.AddDays(-1), 1, 10),
        };
        FeatureMatrix<double> f = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 365 }).Extract(transactions);

        Assert.Equal(["new", "old"], f.RowIds);
        Assert.Equal(0, Get(f, "old", CustomerFeatureNames.Frequency));
        Assert.Equal(0, Get(f, "old", CustomerFeatureNames.Monetary));
        Assert.True(double.IsNaN(Get(f, "old", CustomerFeatureNames.AverageOrderValue)));
        Assert.Equal(400, Get(f, "old", CustomerFeatureNames.Recency), 12);
        Assert.Equal(1, Get(f, "old", CustomerFeatureNames.RecencyScore));
        Assert.Equal(1, Get(f, "old", CustomerFeatureNames.FrequencyScore));
    }

    [Fact]
    public void Extract_ReturnsExceedPurchases_NegativeMonetary()
    {
        var transactions = new List<Transaction>
        {
            new("a", "o1", AsOf.AddDays(-400), 3, 10),
            new("a", "r1", AsOf.AddDays(-3), -3, 10),
        };
        FeatureMatrix<double> f = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 30 }).Extract(transactions);

        Assert.Equal(-30, Get(f, "a", CustomerFeatureNames.Monetary), 12);
        Assert.Equal(1, Get(f, "a", CustomerFeatureNames.ReturnRate));
    }

    [Fact]
    public void Extract_TransactionsAfterAsOf_Ignored()
    {
        var transactions = new List<Transaction>
        {
            new("a", "o1", AsOf.AddDays(-1), 1, 10),
            new("a", "o2", AsOf.AddDays(1), 1, 1000),
            new("b", "o3", AsOf.AddDays(2), 1, 1000),
        };
        FeatureMatrix<double> f = new CustomerFeatureExtractor(new() { AsOf = AsOf }).Extract(transactions);

        Assert.Equal(["a"], f.RowIds);
        Assert.Equal(10, Get(f, "a", CustomerFeatureNames.Monetary));
    }

    [Fact]
    public void Extract_DefaultAsOf_IsLatestTimestamp()
    {
        var transactions = new List<Transaction>
        {
            new("a", "o1", AsOf.AddDays(-4), 1, 10),
            new("b", "o2", AsOf, 1, 10),
        };
        FeatureMatrix<double> f = new CustomerFeatureExtractor().Extract(transactions);

        Assert.Equal(4, Get(f, "a", CustomerFeatureNames.Recency), 12);
        Assert.Equal(0, Get(f, "b", CustomerFeatureNames.Recency), 12);
    }

    [Fact]
    public void Extract_RfmScores_AreQuintilesOfDistinctValues()
    {
        var transactions = new List<Transaction>();
        for (int i = 0; i < 10; i++)
        {
            for (int k = 0; k <= i; k++)
            {
                transactions.Add(new Transaction($"c{i}", $"o{i}-{k}", AsOf.AddDays(-(10 - i)), 1, 1 + i));
            }
        }

        FeatureMatrix<double> f = new CustomerFeatureExtractor(new() { AsOf = AsOf }).Extract(transactions);
        for (int i = 0; i < 10; i++)
        {
            double expected = 1 + (i / 2);
            Assert.Equal(expected, Get(f, $"c{i}", CustomerFeatureNames.FrequencyScore));
            Assert.Equal(expected, Get(f, $"c{i}", CustomerFeatureNames.MonetaryScore));
            Assert.Equal(expected, Get(f, $"c{i}", CustomerFeatureNames.RecencyScore));
        }

        RfmSegment[] segments = RfmSegmentation.Classify(f);
        Assert.Equal(RfmSegment.Champions, segments[f.RowIds!.ToList().IndexOf("c9")]);
        Assert.Equal(RfmSegment.Hibernating, segments[f.RowIds!.ToList().IndexOf("c0")]);
    }

    [Fact]
    public void Extract_ColumnsOption_SelectsInOrder()
    {
        var extractor = new CustomerFeatureExtractor(new() { Columns = [CustomerFeatureNames.Monetary, CustomerFeatureNames.Recency] });
        FeatureMatrix<double> f = extractor.Extract([new Transaction("a", "o", AsOf, 2, 5)]);

        Assert.Equal([CustomerFeatureNames.Monetary, CustomerFeatureNames.Recency], f.ColumnNames);
        Assert.Equal(10, f[0, 0]);
    }

    [Fact]
    public void Extract_EmptyInput_EmptyMatrixWithColumns()
    {
        FeatureMatrix<double> f = new CustomerFeatureExtractor().Extract([]);

        Assert.Equal(0, f.RowCount);
        Assert.Equal(14, f.ColumnCount);
    }

    [Fact]
    public void Extract_NullInput_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new CustomerFeatureExtractor().Extract(null!));

    [Fact]
    public void Extract_NullTransaction_ThrowsNamingPosition()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CustomerFeatureExtractor().Extract([new Transaction("a", "o", AsOf, 1, 1), null!]));
        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "o", 1, 1, 0, "no customer id")]
    [InlineData("a", "", 1, 1, 0, "no order id")]
    [InlineData("a", "o", double.NaN, 1, 0, "must be finite")]
    [InlineData("a", "o", 1, -1, 0, "at least 0")]
    [InlineData("a", "o", 1, 1, 101, "between 0 and 100")]
    public void Extract_BadTransaction_ThrowsNamingPosition(string customer, string order, double quantity, double price, double discount, string reason)
    {
        var bad = new Transaction(customer, order, AsOf, quantity, price) { DiscountPercent = discount };
        var ex = Assert.Throws<ArgumentException>(() => new CustomerFeatureExtractor().Extract([new Transaction("z", "o", AsOf, 1, 1), bad]));

        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerFeatureExtractor(new() { WindowDays = 0 }));
        Assert.Throws<ArgumentException>(() => new CustomerFeatureExtractor(new() { Categories = ["a", "a"] }));
        Assert.Throws<ArgumentException>(() => new CustomerFeatureExtractor(new() { Columns = ["nope"] }));
        Assert.Throws<ArgumentNullException>(() => new CustomerFeatureExtractor(new() { OnlineChannel = null! }));
    }

    [Fact]
    public void Extract_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => new CustomerFeatureExtractor().Extract([new Transaction("a", "o", AsOf, 1, 1)], cts.Token));
    }
}
