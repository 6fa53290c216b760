using FsCheck;
using FsCheck.Xunit;
using Personalization.Features;

namespace Personalization.Features.Tests;

/// <summary>Invariants over random inputs (fixed replay seeds, so every run checks the same cases).</summary>
public sealed class PropertyTests
{
    private static readonly DateTime AsOf = new(2024, 6, 30, 12, 0, 0);
    private static readonly string[] Channels = ["online", "store", "app"];
    private static readonly string[] Categories = ["Apparel", "Grocery", "Toys"];

    private static List<Transaction> RandomTransactions(Random rng, int count)
    {
        var list = new List<Transaction>(count);
        for (int i = 0; i < count; i++)
        {
            string customer = "c" + rng.Next(12);
            string order = customer + "-o" + rng.Next(8);
            bool isReturn = rng.Next(10) == 0;
            double quantity = (1 + rng.Next(5)) * (isReturn ? -1 : 1);
            list.Add(new Transaction(customer, order, AsOf.AddMinutes(-rng.Next(600 * 24 * 60)), quantity, Math.Round(rng.NextDouble() * 100, 2))
            {
                Channel = Channels[rng.Next(Channels.Length)],
                Category = Categories[rng.Next(Categories.Length)],
                DiscountPercent = rng.Next(3) == 0 ? rng.Next(50) : 0,
                IsReturn = isReturn,
            });
        }

        return list;
    }

    private static void AssertSameMatrix(FeatureMatrix<double> expected, FeatureMatrix<double> actual)
    {
        Assert.Equal(expected.RowIds, actual.RowIds);
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.AsSpan().ToArray(), actual.AsSpan().ToArray());
    }

    [Property(MaxTest = 100, Replay = "(4242,1717)")]
    public void Scaler_InverseTransform_RoundTrips(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int rows = 1 + rng.Next(40);
        int columns = 1 + rng.Next(6);
        var values = new double[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            // Mix of magnitudes, repeated values and constant columns.
            values[i] = rng.Next(4) == 0 ? 3 : (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 7));
        }

        var x = new FeatureMatrix<double>(values, rows, columns);
        foreach (IScaler scaler in new IScaler[] { new StandardScaler(), new MinMaxScaler(), new RobustScaler() })
        {
            IScalerModel model = scaler.Fit(x);
            ReadOnlySpan<double> back = model.InverseTransform(model.Transform(x)).AsSpan();
            for (int i = 0; i < values.Length; i++)
            {
                double scale = model.Scales[i % columns];
                Assert.True(Math.Abs(back[i] - values[i]) <= 1e-12 * (Math.Abs(values[i]) + Math.Abs(scale) + 1), $"{scaler.GetType().Name}: {back[i]} != {values[i]}");
            }
        }
    }

    [Property(MaxTest = 60, Replay = "(9876,5433)")]
    public void Extract_ShuffledTransactions_IdenticalFeatures(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        List<Transaction> transactions = RandomTransactions(rng, 1 + rng.Next(150));
        var extractor = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 365, Categories = Categories });
        FeatureMatrix<double> expected = extractor.Extract(transactions);

        List<Transaction> shuffled = transactions.OrderBy(_ => rng.Next()).ToList();

        AssertSameMatrix(expected, extractor.Extract(shuffled));
    }

    [Property(MaxTest = 60, Replay = "(1357,2469)")]
    public void Extract_TransactionBeforeWindow_ChangesOnlyTenureAndRecency(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        List<Transaction> transactions = RandomTransactions(rng, 1 + rng.Next(150));
        var extractor = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 90, Categories = Categories });
        FeatureMatrix<double> before = extractor.Extract(transactions);

        // An old purchase (a new order, outside the window) for an existing customer.
        Transaction existing = transactions[rng.Next(transactions.Count)];
        var old = new Transaction(existing.CustomerId, "old-order", AsOf.AddDays(-91 - rng.Next(1000)), 1 + rng.Next(3), 10) { Channel = "online", Category = "Toys" };
        FeatureMatrix<double> after = extractor.Extract([.. transactions, old]);

        Assert.Equal(before.RowIds, after.RowIds);
        var mayChange = new HashSet<string> { CustomerFeatureNames.Tenure, CustomerFeatureNames.Recency, CustomerFeatureNames.RecencyScore };
        for (int j = 0; j < before.ColumnCount; j++)
        {
            if (mayChange.Contains(before.ColumnNames[j]))
            {
                continue;
            }

            Assert.Equal(before.GetColumn(j), after.GetColumn(j));
        }
    }

    [Property(MaxTest = 60, Replay = "(2020,3031)")]
    public void Extract_TransactionAfterAsOf_ChangesNothing(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        List<Transaction> transactions = RandomTransactions(rng, 1 + rng.Next(100));
        var extractor = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 90 });
        FeatureMatrix<double> before = extractor.Extract(transactions);

        Transaction existing = transactions[rng.Next(transactions.Count)];
        var future = new Transaction(existing.CustomerId, existing.OrderId, AsOf.AddMinutes(1 + rng.Next(10000)), 5, 99);

        AssertSameMatrix(before, extractor.Extract([.. transactions, future]));
    }

    [Property(MaxTest = 50, Replay = "(777,889)")]
    public void RfmScores_AlwaysBetweenOneAndFive_AndSegmentDefined(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        FeatureMatrix<double> f = new CustomerFeatureExtractor(new() { AsOf = AsOf, WindowDays = 180 }).Extract(RandomTransactions(rng, 1 + rng.Next(200)));

        foreach (string column in new[] { CustomerFeatureNames.RecencyScore, CustomerFeatureNames.FrequencyScore, CustomerFeatureNames.MonetaryScore })
        {
            Assert.All(f.GetColumn(f.ColumnIndex(column)), s => Assert.InRange(s, 1, 5));
        }

        Assert.Equal(f.RowCount, RfmSegmentation.Classify(f).Length);
    }
}
