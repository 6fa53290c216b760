namespace Personalization.Segmentation.Tests;

/// <summary>Small seeded customer feature matrices with three clear groups, for tests that need a fitted model quickly.</summary>
public static class SyntheticCustomers
{
    /// <summary>Makes <paramref name="count"/> customers with the six default columns; every 50th has no purchase (frequency 0), so cleaning drops it.</summary>
    public static FeatureMatrix<double> Make(int count, int seed, double recencyShift = 0)
    {
        var random = new Random(seed);
        var rows = new double[count][];
        var ids = new string[count];
        for (int r = 0; r < count; r++)
        {
            int group = r % 3;
            double noise() => (random.NextDouble() - 0.5) * 0.4;
            (double recency, double frequency, double aov, double tenure, double returns) = group switch
            {
                0 => (10.0, 20.0, 80.0, 700.0, 0.02),
                1 => (200.0, 2.0, 25.0, 250.0, 0.10),
                _ => (60.0, 6.0, 300.0, 400.0, 0.30),
            };
            double f = r % 50 == 49 ? 0 : Math.Max(1, Math.Round(frequency * (1 + noise())));
            double orderValue = aov * (1 + noise());
            rows[r] =
            [
                Math.Max(0, (recency * (1 + noise())) + recencyShift),
                f,
                f * orderValue,
                orderValue,
                tenure * (1 + noise()),
                Math.Clamp(returns * (1 + noise()), 0, 1),
            ];
            ids[r] = "c" + r.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }

        return FeatureMatrix<double>.FromRows(rows, new SegmentationPipelineOptions().Columns, ids);
    }

    /// <summary>The pipeline options the report tests fit with: k chosen in 2..5, few restarts.</summary>
    public static SegmentationPipelineOptions Options => new() { MinClusterCount = 2, MaxClusterCount = 5, SelectionRestarts = 1, Restarts = 2 };
}

/// <summary>One fitted model on <see cref="SyntheticCustomers"/> shared by a test class.</summary>
public sealed class SyntheticSegmentationFixture
{
    public SyntheticSegmentationFixture()
    {
        Features = SyntheticCustomers.Make(900, seed: 7);
        Model = new SegmentationPipeline(SyntheticCustomers.Options).Fit(Features);
    }

    public FeatureMatrix<double> Features { get; }

    public SegmentationModel Model { get; }
}
