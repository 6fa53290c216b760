namespace Personalization.Monitoring.Tests;

public sealed class RefreshTests
{
    private static readonly double[,] s_centers = { { 0, 0 }, { 6, 0 }, { 0, 6 }, { 6, 6 } };

    /// <summary>Four Gaussian-ish blobs (uniform noise) around the centers, shifted by <paramref name="drift"/>.</summary>
    private static FeatureMatrix<double> Blobs(ulong seed, int perBlob, double drift, int[]? sizes = null)
    {
        var rows = new List<double[]>();
        for (int b = 0; b < 4; b++)
        {
            int count = sizes?[b] ?? perBlob;
            double[] noise = TestData.SplitMix(seed + (ulong)b, count * 2, 2.0, -1.0);
            for (int i = 0; i < count; i++)
            {
                rows.Add([s_centers[b, 0] + drift + noise[2 * i], s_centers[b, 1] - drift + noise[(2 * i) + 1]]);
            }
        }

        return FeatureMatrix<double>.FromRows(rows, ["x", "y"]);
    }

    [Fact]
    public void Refresh_ClustererPermutesIds_SegmentIdsStayStable()
    {
        FeatureMatrix<double> before = Blobs(1, 50, 0.0);
        IClusteringModel<double> first = new TestLloydClusterer(4).Fit(FeatureMatrix<double>.FromArray(s_centers));
        var previous = (ICentroidClusteringModel<double>)new TestLloydClusterer(4).Fit(before, FeatureMatrix<double>.FromArray(s_centers));
        Assert.NotNull(first);

        FeatureMatrix<double> after = Blobs(2, 50, 0.3);
        int[] permutation = [2, 0, 3, 1];
        SegmentRefreshResult result = SegmentRefresh.Refresh(new TestLloydClusterer(4, permutation), previous, after);

        // Cluster c of the fit is reported as permutation[c]; the refresh maps it back to segment c.
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(c, result.SegmentOfCluster[permutation[c]]);
        }

        // Every blob keeps its segment id: rows 50 b .. 50 b + 49 are segment b.
        for (int r = 0; r < after.RowCount; r++)
        {
            Assert.Equal(r / 50, result.Labels[r]);
        }

        for (int s = 0; s < 4; s++)
        {
            double expected = 0.3 * Math.Sqrt(2);
            Assert.InRange(result.Match.Movement[s], expected - 0.25, expected + 0.25);
            Assert.InRange(result.Centroids[s, 0], s_centers[s, 0] - 0.5 + 0.3, s_centers[s, 0] + 0.5 + 0.3);
        }

        Assert.Equal(0.0, result.Transitions.ChangedShare);
        Assert.Equal(0.0, result.Shares.ChiSquare.Statistic);
        Assert.Equal(4, result.SegmentCount);
        Assert.Equal("segment 3", result.Centroids.RowIds![3]);
    }

    [Fact]
    public void Refresh_ChainedFromCentroids_KeepsIdsAndReportsShareShift()
    {
        FeatureMatrix<double> first = Blobs(3, 40, 0.0);
        SegmentRefreshResult one = SegmentRefresh.Refresh(new TestLloydClusterer(4, [3, 2, 1, 0]), FeatureMatrix<double>.FromArray(s_centers), first);
        FeatureMatrix<double> second = Blobs(4, 0, 0.2, [80, 40, 20, 20]);
        SegmentRefreshResult two = SegmentRefresh.Refresh(new TestLloydClusterer(4, [1, 3, 0, 2]), one.Centroids, second);
        Assert.Equal(0, two.Labels[0]);
        Assert.Equal(1, two.Labels[80]);
        Assert.Equal(3, two.Labels[^1]);
        Assert.Equal([0.5, 0.25, 0.125, 0.125], two.Shares.CurrentShares);
        Assert.Equal(0.0, two.Shares.ChiSquare.Statistic); // the "then" shares are the old segmentation of the same window
        Assert.True(two.Match.TotalMovement > 0);
    }

    [Fact]
    public void Refresh_WithKMeans_KeepsIdsAcrossTwoRefreshes()
    {
        var kMeans = new Personalization.Clustering.KMeans(new Personalization.Clustering.KMeansOptions { ClusterCount = 4, Seed = 7 });
        var first = (ICentroidClusteringModel<double>)kMeans.Fit(Blobs(6, 60, 0.0));
        SegmentRefreshResult one = SegmentRefresh.Refresh(kMeans, first, Blobs(7, 60, 0.2));
        SegmentRefreshResult two = SegmentRefresh.Refresh(kMeans, one.Centroids, Blobs(8, 60, 0.4));

        // Whatever ids k-means++ gave the blobs first, each blob keeps its id through both refreshes.
        for (int blob = 0; blob < 4; blob++)
        {
            int id = first.Labels[blob * 60];
            Assert.Equal(id, one.Labels[blob * 60]);
            Assert.Equal(id, two.Labels[(blob * 60) + 59]);
            Assert.InRange(two.Match.Movement[id], 0.1, 0.5);
        }

        Assert.Equal(0.0, two.Transitions.ChangedShare);
    }

    [Fact]
    public void Refresh_BadInput_Throws()
    {
        FeatureMatrix<double> data = Blobs(5, 10, 0);
        FeatureMatrix<double> centroids = FeatureMatrix<double>.FromArray(s_centers);
        var clusterer = new TestLloydClusterer(4);
        Assert.Throws<ArgumentNullException>(() => SegmentRefresh.Refresh(null!, centroids, data));
        Assert.Throws<ArgumentNullException>(() => SegmentRefresh.Refresh(clusterer, (FeatureMatrix<double>)null!, data));
        Assert.Throws<ArgumentNullException>(() => SegmentRefresh.Refresh(clusterer, (ICentroidClusteringModel<double>)null!, data));
        Assert.Throws<ArgumentNullException>(() => SegmentRefresh.Refresh(clusterer, centroids, null!));
        Assert.Throws<ArgumentException>(() => SegmentRefresh.Refresh(clusterer, centroids, new FeatureMatrix<double>([1.0, 2.0, 3.0], 1, 3)));
        Assert.Throws<ArgumentException>(() => SegmentRefresh.Refresh(clusterer, centroids, new FeatureMatrix<double>([1.0, double.NaN], 1, 2)));
        Assert.Throws<ArgumentException>(() => SegmentRefresh.Refresh(clusterer, new FeatureMatrix<double>([], 0, 2), data));
        Assert.Throws<InvalidOperationException>(() => SegmentRefresh.Refresh(new ShrinkingClusterer(), centroids, data));
    }

    /// <summary>Returns one centroid fewer than it was given, breaking the warm-start contract.</summary>
    private sealed class ShrinkingClusterer : IWarmStartClusterer<double>
    {
        public int ClusterCount => 3;

        public IClusterer<double> WithClusterCount(int clusterCount) => this;

        public IClusteringModel<double> Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ICentroidClusteringModel<double> Fit(FeatureMatrix<double> data, FeatureMatrix<double> initialCentroids, CancellationToken cancellationToken = default) =>
            new TestLloydClusterer(3).Fit(data, initialCentroids.SelectRows([0, 1, 2]), cancellationToken);
    }
}
