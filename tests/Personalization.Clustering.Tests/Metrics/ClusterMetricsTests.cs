using FsCheck;
using FsCheck.Xunit;

namespace Personalization.Clustering.Tests.Metrics;

public sealed class ClusterMetricsTests
{
    /// <summary>The textbook O(n^2) silhouette in double precision.</summary>
    private static double[] NaiveSilhouette(FeatureMatrix<double> x, int[] labels)
    {
        int n = x.RowCount;
        var result = new double[n];
        var distinct = labels.Distinct().Order().ToArray();
        for (int i = 0; i < n; i++)
        {
            var sums = new Dictionary<int, (double Sum, int Count)>();
            foreach (int c in distinct)
            {
                sums[c] = (0, 0);
            }

            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int f = 0; f < x.ColumnCount; f++)
                {
                    double e = x[i, f] - x[j, f];
                    s += e * e;
                }

                var (sum, count) = sums[labels[j]];
                sums[labels[j]] = (sum + Math.Sqrt(s), count + 1);
            }

            var own = sums[labels[i]];
            if (own.Count == 1)
            {
                result[i] = 0;
                continue;
            }

            double a = own.Sum / (own.Count - 1);
            double b = distinct.Where(c => c != labels[i]).Min(c => sums[c].Sum / sums[c].Count);
            double v = (b - a) / Math.Max(a, b);
            result[i] = double.IsFinite(v) ? v : 0;
        }

        return result;
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 4)]
    [InlineData(16, 5)]
    [InlineData(17, 2)]
    [InlineData(33, 3)]
    public void SilhouetteSamples_AnyDimension_MatchesNaiveReference(int dimensions, int clusters)
    {
        (FeatureMatrix<double> x, int[] labels) = TestData.Blobs(83, dimensions, clusters, seed: dimensions, spread: 3);
        labels[5] = 99; // a singleton cluster with an arbitrary label value
        var actual = new double[x.RowCount];
        ClusterMetrics.SilhouetteSamples(x, labels, actual);
        double[] expected = NaiveSilhouette(x, labels);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }

        Assert.Equal(0, actual[5]);
    }

    [Fact]
    public void Silhouette_Float_AgreesWithDoubleToSinglePrecision()
    {
        (FeatureMatrix<double> x, int[] labels) = TestData.Blobs(301, 5, 3, seed: 3);
        double exact = ClusterMetrics.Silhouette(x, labels);
        double single = ClusterMetrics.Silhouette(x.Convert<float>(), labels);
        Assert.Equal(exact, single, 1e-5);
    }

    [Fact]
    public void Silhouette_OneOrManyThreads_BitIdentical()
    {
        (FeatureMatrix<double> x, int[] labels) = TestData.Blobs(1000, 6, 4, seed: 8, spread: 4);
        double one = ClusterMetrics.Silhouette(x, labels, maxDegreeOfParallelism: 1);
        double many = ClusterMetrics.Silhouette(x, labels, maxDegreeOfParallelism: 4);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one), BitConverter.DoubleToInt64Bits(many));
    }

    [Fact]
    public void Silhouette_SampleOfAllRows_EqualsExactUpToOrder()
    {
        (FeatureMatrix<double> x, int[] labels) = TestData.Blobs(200, 3, 3, seed: 4, spread: 2);
        Assert.Equal(ClusterMetrics.Silhouette(x, labels), ClusterMetrics.Silhouette(x, labels, sampleSize: 200, seed: 1), 1e-12);
    }

    [Fact]
    public void Silhouette_SampledSameSeed_SameValueAndDifferentSeedDiffers()
    {
        (FeatureMatrix<double> x, int[] labels) = TestData.Blobs(500, 3, 3, seed: 4, spread: 4);
        double a = ClusterMetrics.Silhouette(x, labels, 100, seed: 7);
        double b = ClusterMetrics.Silhouette(x, labels, 100, seed: 7);
        double c = ClusterMetrics.Silhouette(x, labels, 100, seed: 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Metrics_WellSeparatedBlobs_ScoreWell()
    {
        (FeatureMatrix<double> x, int[] labels) = TestData.Blobs(400, 4, 4, seed: 11, spread: 0.3);
        Assert.True(ClusterMetrics.Silhouette(x, labels) > 0.8);
        Assert.True(ClusterMetrics.DaviesBouldin(x, labels) < 0.3);
        Assert.True(ClusterMetrics.CalinskiHarabasz(x, labels) > 1000);
    }

    [Fact]
    public void Inertia_WithOwnMeans_EqualsInertiaWithComputedCentroids()
    {
        (FeatureMatrix<double> x, int[] labels) = TestData.Blobs(50, 2, 2, seed: 1);
        var centroids = new double[2, 2];
        for (int c = 0; c < 2; c++)
        {
            for (int j = 0; j < 2; j++)
            {
                centroids[c, j] = Enumerable.Range(0, 50).Where(i => labels[i] == c).Average(i => x[i, j]);
            }
        }

        Assert.Equal(ClusterMetrics.Inertia(x, labels), ClusterMetrics.Inertia(x, labels, FeatureMatrix<double>.FromArray(centroids)), 1e-9);
    }

    [Fact]
    public void AdjustedRandIndex_KnownValue_MatchesHandComputation()
    {
        // sklearn: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715
        Assert.Equal(0.5714285714285715, ClusterMetrics.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 1e-15);
        Assert.Equal(1.0, ClusterMetrics.AdjustedRandIndex([0, 0, 0], [5, 5, 5]));
    }

    [Fact]
    public void NormalizedMutualInformation_KnownValue_MatchesHandComputation()
    {
        // sklearn: normalized_mutual_info_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.8
        Assert.Equal(0.8, ClusterMetrics.NormalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2]), 1e-12);
        Assert.Equal(1.0, ClusterMetrics.NormalizedMutualInformation([3, 3], [1, 1]));
        Assert.Equal(0.0, ClusterMetrics.NormalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1]));
    }

    [Property(MaxTest = 50, Replay = "(12345,67891)")]
    public void AdjustedRandAndNmi_RenamedLabels_AreOne(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = 2 + rng.Next(60);
        int[] a = Enumerable.Range(0, n).Select(_ => rng.Next(5)).ToArray();
        int[] renamed = a.Select(v => (v * 7) - 3).ToArray();
        Assert.Equal(1.0, ClusterMetrics.AdjustedRandIndex(a, renamed), 1e-12);
        if (a.Distinct().Count() > 1)
        {
            Assert.Equal(1.0, ClusterMetrics.NormalizedMutualInformation(a, renamed), 1e-12);
        }
    }

    [Fact]
    public void Silhouette_EmptyData_Throws()
    {
        var empty = new FeatureMatrix<double>(ReadOnlySpan<double>.Empty, 0, 2);
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Silhouette(empty, ReadOnlySpan<int>.Empty));
    }

    [Fact]
    public void Silhouette_NaN_ThrowsNamingRowAndColumn()
    {
        var x = new FeatureMatrix<double>([1, 2, 3, double.NaN], 2, 2);
        var ex = Assert.Throws<ArgumentException>(() => ClusterMetrics.Silhouette(x, [0, 1]));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_LengthMismatch_Throw()
    {
        FeatureMatrix<double> x = TestData.Uniform(5, 2, 1);
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Silhouette(x, [0, 1]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.CalinskiHarabasz(x, [0, 1]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.DaviesBouldin(x, [0, 1]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Inertia(x, [0, 1]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.AdjustedRandIndex([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.NormalizedMutualInformation([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.AdjustedRandIndex([], []));
    }

    [Fact]
    public void Metrics_OneClusterOrAllSingletons_Throw()
    {
        FeatureMatrix<double> x = TestData.Uniform(4, 2, 1);
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Silhouette(x, [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.CalinskiHarabasz(x, [0, 1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.DaviesBouldin(x, [1, 1, 1, 1]));
    }

    [Fact]
    public void Silhouette_BadSampleSize_Throws()
    {
        FeatureMatrix<double> x = TestData.Uniform(4, 2, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterMetrics.Silhouette(x, [0, 1, 0, 1], 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterMetrics.Silhouette(x, [0, 1, 0, 1], 5, 0));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Silhouette(x, [0, 0, 0, 1], 2, 3)); // sample may hold one cluster
    }

    [Fact]
    public void SilhouetteSamples_ShortDestination_Throws()
    {
        FeatureMatrix<double> x = TestData.Uniform(4, 2, 1);
        Assert.Throws<ArgumentException>(() => ClusterMetrics.SilhouetteSamples(x, [0, 1, 0, 1], new double[3]));
    }

    [Fact]
    public void Inertia_BadCentroids_Throw()
    {
        FeatureMatrix<double> x = TestData.Uniform(4, 2, 1);
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Inertia(x, [0, 1, 0, 2], TestData.Uniform(2, 2, 2)));
        Assert.Throws<ArgumentException>(() => ClusterMetrics.Inertia(x, [0, 1, 0, 1], TestData.Uniform(2, 3, 2)));
        Assert.Throws<ArgumentNullException>(() => ClusterMetrics.Inertia(x, [0, 1, 0, 1], null!));
    }
}
