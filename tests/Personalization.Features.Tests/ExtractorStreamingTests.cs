using FsCheck;
using FsCheck.Xunit;
using Personalization.Features;

namespace Personalization.Features.Tests;

/// <summary>
/// The streaming extractor keeps a compact state per order (numeric ids as numbers, other ids in a shared buffer) and,
/// without a window, sums money per customer as it comes: these properties pin that it computes exactly what the
/// definitions say whatever the input order, the id encoding or the way money is held.
/// </summary>
public sealed class ExtractorStreamingTests
{
    private static readonly DateTime AsOf = new(2024, 6, 30, 12, 0, 0);
    private static readonly string[] Channels = ["online", "store", "Online"];
    private static readonly string[] Categories = ["Apparel", "Grocery", "Toys"];

    /// <summary>Order ids in every encoding: plain numbers, leading zeros, letters, 19+ digits, "0", and ids shared across customers.</summary>
    private static string OrderId(Random rng)
    {
        int n = rng.Next(6);
        return rng.Next(7) switch
        {
            0 => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => "0" + n,
            2 => "00" + n,
            3 => "C" + n,
            4 => "1234567890123456789" + n,
            5 => "12345678901234567" + n,
            _ => n == 0 ? "0" : "x-" + n,
        };
    }

    private static List<Transaction> RandomTransactions(Random rng, int count)
    {
        var list = new List<Transaction>(count);
        for (int i = 0; i < count; i++)
        {
            string customer = "c" + rng.Next(10);
            bool isReturn = rng.Next(8) == 0;
            double quantity = rng.Next(12) == 0 ? 0 : (1 + rng.Next(5)) * (isReturn && rng.Next(2) == 0 ? -1 : 1);
            list.Add(new Transaction(customer, OrderId(rng), AsOf.AddMinutes(-rng.Next(700 * 24 * 60)), quantity, Math.Round(rng.NextDouble() * 100, 2))
            {
                Channel = Channels[rng.Next(Channels.Length)],
                Category = rng.Next(5) == 0 ? null : Categories[rng.Next(Categories.Length)],
                DiscountPercent = rng.Next(3) == 0 ? rng.Next(50) : 0,
                IsReturn = isReturn,
            });
        }

        return list;
    }

    /// <summary>A copy whose order ids all take the text path ("id:" prefix) but group the lines exactly as before.</summary>
    private static List<Transaction> WithTextOrderIds(List<Transaction> transactions) =>
        transactions.ConvertAll(t => t with { OrderId = "id:" + t.OrderId });

    private static void AssertSameMatrix(FeatureMatrix<double> expected, FeatureMatrix<double> actual)
    {
        Assert.Equal(expected.RowIds, actual.RowIds);
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.AsSpan().ToArray(), actual.AsSpan().ToArray());
    }

    [Property(MaxTest = 60, Replay = "(31337,4711)")]
    public void Extract_ShuffledWithoutWindow_IdenticalFeatures(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        List<Transaction> transactions = RandomTransactions(rng, 1 + rng.Next(200));
        var extractor = new CustomerFeatureExtractor(new() { Categories = Categories });
        FeatureMatrix<double> expected = extractor.Extract(transactions);

        List<Transaction> shuffled = transactions.OrderBy(_ => rng.Next()).ToList();

        AssertSameMatrix(expected, extractor.Extract(shuffled));
    }

    [Property(MaxTest = 60, Replay = "(2718,2819)")]
    public void Extract_NumericAndTextOrderIds_GroupLikeTheirText(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        List<Transaction> transactions = RandomTransactions(rng, 1 + rng.Next(200));
        List<Transaction> text = WithTextOrderIds(transactions);
        foreach (int? window in new int?[] { null, 120 })
        {
            var extractor = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = window, Categories = Categories });

            AssertSameMatrix(extractor.Extract(text), extractor.Extract(transactions));
        }
    }

    [Property(MaxTest = 60, Replay = "(1618,3399)")]
    public void Extract_WindowCoveringEverything_SameAsNoWindow(PositiveInt seed)
    {
        // With a window, money is held per order until the window is known; without, per customer as it comes.
        var rng = new Random(seed.Get);
        List<Transaction> transactions = RandomTransactions(rng, 1 + rng.Next(200));
        var perCustomer = new CustomerFeatureExtractor(new() { AsOf = AsOf, Categories = Categories });
        var perOrder = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 100_000, Categories = Categories });

        AssertSameMatrix(perCustomer.Extract(transactions), perOrder.Extract(transactions));
    }

    [Fact]
    public void Extract_OrderSplitAcrossTheInput_IsOneOrder()
    {
        // The same (customer, order id) far apart in the input, and the same order id for another customer in between.
        Transaction[] transactions =
        [
            new("a", "100", AsOf.AddDays(-10), 1, 10),
            new("b", "100", AsOf.AddDays(-9), 1, 10),
            new("a", "C7", AsOf.AddDays(-5), 1, 10),
            new("a", "100", AsOf.AddDays(-20), 2, 10) { DiscountPercent = 10 },
            new("a", "C7", AsOf.AddDays(-4), 1, 10),
        ];
        FeatureMatrix<double> f = new CustomerFeatureExtractor(new() { AsOf = AsOf }).Extract(transactions);

        int frequency = f.ColumnNames.ToList().IndexOf(CustomerFeatureNames.Frequency);
        int tenure = f.ColumnNames.ToList().IndexOf(CustomerFeatureNames.Tenure);
        int discounted = f.ColumnNames.ToList().IndexOf(CustomerFeatureNames.DiscountedOrderShare);
        Assert.Equal(["a", "b"], f.RowIds);
        Assert.Equal(2, f[0, frequency]);
        Assert.Equal(20, f[0, tenure]);
        Assert.Equal(0.5, f[0, discounted]);
        Assert.Equal(1, f[1, frequency]);
    }

    [Fact]
    public void Extract_ManyOrders_TableGrowsAndCountsEachOrderOnce()
    {
        // 20,000 lines in ~9,000 orders: the order table grows several times while lines of an order arrive far apart.
        var rng = new Random(20261204);
        var transactions = new List<Transaction>(20_000);
        for (int i = 0; i < 20_000; i++)
        {
            int customer = rng.Next(300);
            int order = rng.Next(30);
            string id = (order % 3) switch
            {
                0 => (customer * 100 + order).ToString(System.Globalization.CultureInfo.InvariantCulture),
                1 => "INV-" + order,
                _ => "0" + order,
            };
            double quantity = rng.Next(10) == 0 ? -1 : 1 + rng.Next(3);
            transactions.Add(new Transaction("c" + customer, id, AsOf.AddMinutes(-rng.Next(500 * 24 * 60)), quantity, 1 + rng.Next(50)));
        }

        var extractor = new CustomerFeatureExtractor(new() { AsOf = AsOf });
        FeatureMatrix<double> f = extractor.Extract(transactions);

        int frequency = f.ColumnNames.ToList().IndexOf(CustomerFeatureNames.Frequency);
        Dictionary<string, int> expected = transactions
            .Where(t => t.IsPurchase)
            .GroupBy(t => t.CustomerId)
            .ToDictionary(g => g.Key, g => g.Select(t => t.OrderId).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        for (int r = 0; r < f.RowCount; r++)
        {
            Assert.Equal(expected.GetValueOrDefault(f.RowIds![r]), f[r, frequency]);
        }

        AssertSameMatrix(f, extractor.Extract(WithTextOrderIds(transactions)));
        AssertSameMatrix(f, extractor.Extract(transactions.OrderBy(_ => rng.Next()).ToList()));
        var windowed = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 200 });
        AssertSameMatrix(windowed.Extract(transactions), windowed.Extract(WithTextOrderIds(transactions)));
    }
}
