using BenchmarkDotNet.Attributes;
using Personalization.Clustering;

namespace Personalization.Benchmarks;

/// <summary>
/// The merge tree of 10,000 x 16 float64 (seeded blobs, 8 centres) for each linkage; SciPy's
/// <c>linkage</c> on the same data is timed by <c>benchmarks/scipy_hierarchical.py</c> for the table.
/// </summary>
[MemoryDiagnoser]
public class LinkageBenchmarks
{
    private FeatureMatrix<double> _data = null!;

    /// <summary>Gets or sets the linkage measured.</summary>
    [Params(Linkage.Ward, Linkage.Complete, Linkage.Average, Linkage.Single)]
    public Linkage Linkage { get; set; }

    [GlobalSetup]
    public void Setup() => _data = BenchmarkData.LinkageData();

    [Benchmark]
    public int Linkage10k() => HierarchicalClustering<double>.BuildTree(_data, Linkage).MergeCount;
}
