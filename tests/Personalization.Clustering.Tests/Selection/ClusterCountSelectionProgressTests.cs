namespace Personalization.Clustering.Tests.Selection;

/// <summary>ClusterCountSelection reports one "ClusterCount" step per k to any clusterer that implements IReportsProgress.</summary>
public sealed class ClusterCountSelectionProgressTests
{
    /// <summary>A custom clusterer (K-Means inside, without a sink of its own) that only carries a progress sink.</summary>
    private sealed class ReportingClusterer(int clusterCount, IProgress<FitProgress>? progress) : IClusterer<double>, IReportsProgress
    {
        public int ClusterCount => clusterCount;

        public IProgress<FitProgress>? Progress => progress;

        public IClusterer<double> WithClusterCount(int count) => new ReportingClusterer(count, progress);

        public IClusteringModel<double> Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default) =>
            ((IClusterer<double>)new KMeans(new KMeansOptions { ClusterCount = clusterCount, Seed = 1 })).Fit(input, cancellationToken);
    }

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; posts them to the thread pool).</summary>
    private sealed class Collector : IProgress<FitProgress>
    {
        public List<FitProgress> Reports { get; } = [];

        public void Report(FitProgress value) => Reports.Add(value);
    }

    private static FeatureMatrix<double> Blobs()
    {
        var rows = new List<double[]>();
        for (int i = 0; i < 30; i++)
        {
            rows.Add([(i % 3) * 10 + (i * 0.01), (i % 3) * -5 + (i * 0.02)]);
        }

        return FeatureMatrix<double>.FromRows(rows, ["x", "y"]);
    }

    [Fact]
    public void Evaluate_ClustererReportingProgress_GetsOneStepPerClusterCount()
    {
        var sink = new Collector();
        ClusterCountSelectionResult result = ClusterCountSelection.Evaluate(new ReportingClusterer(2, sink), Blobs(), new() { MinClusterCount = 2, MaxClusterCount = 5, GapReferenceCount = 0 });

        Assert.Equal([1, 2, 3, 4], sink.Reports.Select(r => r.Step));
        Assert.All(sink.Reports, r => Assert.Equal(("ClusterCount", 4), (r.Stage, r.TotalSteps)));
        Assert.Equal(result.Scores.Select(s => s.Silhouette), sink.Reports.Select(r => r.Metric));
    }

    [Fact]
    public void Evaluate_ClustererWithoutSink_ReportsNothing()
    {
        ClusterCountSelectionResult result = ClusterCountSelection.Evaluate(new ReportingClusterer(2, null), Blobs(), new() { MinClusterCount = 2, MaxClusterCount = 3, GapReferenceCount = 0 });
        Assert.Equal(2, result.Scores.Count);
    }
}
