using FsCheck;
using FsCheck.Xunit;
using Personalization.Persistence;

namespace Personalization.Clustering.Tests.Hierarchical;

public sealed class HierarchicalClusteringTests
{
    public static TheoryData<Linkage> AllLinkages() => new() { Linkage.Ward, Linkage.Complete, Linkage.Average, Linkage.Single };

    [Property(MaxTest = 25, Replay = "(4242,1717)")]
    public void BuildTree_AnyLinkage_HeightsNonDecreasingAndCutGivesExactlyK(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = 2 + rng.Next(70);
        int d = 1 + rng.Next(6);
        FeatureMatrix<double> x = TestData.Uniform(n, d, seed.Get);
        foreach (Linkage linkage in new[] { Linkage.Ward, Linkage.Complete, Linkage.Average, Linkage.Single })
        {
            LinkageTree tree = HierarchicalClustering<double>.BuildTree(x, linkage);
            Assert.Equal(n - 1, tree.MergeCount);
            for (int i = 1; i < tree.MergeCount; i++)
            {
                Assert.True(tree.Heights[i] >= tree.Heights[i - 1], $"{linkage}: height {i} decreases");
            }

            Assert.Equal(n, tree.MergeCount == 0 ? n : tree.Sizes[^1]);
            int k = 1 + rng.Next(n);
            int[] labels = tree.Cut(k);
            Assert.Equal(k, labels.Distinct().Count());
            Assert.Equal(k - 1, labels.Max());
        }
    }

    [Property(MaxTest = 20, Replay = "(999,31)")]
    public void BuildTree_RowsPermuted_SamePartitionsAndHeights(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = 3 + rng.Next(50);
        FeatureMatrix<double> x = TestData.Uniform(n, 3, seed.Get); // continuous data: no ties
        int[] perm = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        FeatureMatrix<double> shuffled = x.SelectRows(perm);
        foreach (Linkage linkage in new[] { Linkage.Ward, Linkage.Complete, Linkage.Average, Linkage.Single })
        {
            LinkageTree a = HierarchicalClustering<double>.BuildTree(x, linkage);
            LinkageTree b = HierarchicalClustering<double>.BuildTree(shuffled, linkage);
            for (int i = 0; i < a.MergeCount; i++)
            {
                Assert.Equal(a.Heights[i], b.Heights[i], 1e-12);
            }

            int k = 1 + rng.Next(n);
            int[] cutA = a.Cut(k);
            int[] cutB = b.Cut(k);
            int[] cutBInOriginalOrder = new int[n];
            for (int i = 0; i < n; i++)
            {
                cutBInOriginalOrder[perm[i]] = cutB[i];
            }

            Assert.True(TestData.SamePartition(cutA, cutBInOriginalOrder), $"{linkage}, k = {k}");
        }
    }

    [Theory]
    [MemberData(nameof(AllLinkages))]
    public void Fit_WellSeparatedBlobs_RecoversTruth(Linkage linkage)
    {
        (FeatureMatrix<double> x, int[] truth) = TestData.Blobs(120, 4, 4, seed: 5, spread: 0.2);
        HierarchicalModel<double> model = new HierarchicalClustering<double>(new() { ClusterCount = 4, Linkage = linkage }).Fit(x);
        Assert.Equal(1.0, ClusterMetrics.AdjustedRandIndex(truth, model.Labels), 12);
        int[] predicted = new int[x.RowCount];
        model.Predict(x, predicted);
        Assert.Equal(model.Labels.ToArray(), predicted);
    }

    [Fact]
    public void Tree_LinkageMatrixAndCutAtHeight_FollowScipyConvention()
    {
        // Points 0, 1, 4, 10 on a line; single linkage merges (0,1)@1, (2,4)@3 then (3,5)@6.
        var x = new FeatureMatrix<double>([0, 1, 4, 10], 4, 1);
        LinkageTree tree = HierarchicalClustering<double>.BuildTree(x, Linkage.Single);
        double[,] z = tree.ToLinkageMatrix();
        Assert.Equal(new double[,] { { 0, 1, 1, 2 }, { 2, 4, 3, 3 }, { 3, 5, 6, 4 } }, z);
        Assert.Equal([0, 0, 1, 2], tree.CutAtHeight(2));
        Assert.Equal(2, tree.ClusterCountAtHeight(3));
        Assert.Equal([0, 0, 0, 0], tree.Cut(1));
        Assert.Equal([0, 1, 2, 3], tree.Cut(4));
    }

    [Fact]
    public void Fit_Float_SameTreeAsDoubleOfSameValues()
    {
        FeatureMatrix<double> x = TestData.Uniform(60, 3, 7).Convert<float>().Convert<double>();
        LinkageTree a = HierarchicalClustering<double>.BuildTree(x, Linkage.Ward);
        LinkageTree b = HierarchicalClustering<float>.BuildTree(x.Convert<float>(), Linkage.Ward);
        Assert.Equal(a.Heights.ToArray(), b.Heights.ToArray());
    }

    [Fact]
    public void Fit_SampleThenAssign_LabelsEveryRowAndIsSeeded()
    {
        (FeatureMatrix<double> x, int[] truth) = TestData.Blobs(900, 3, 3, seed: 2, spread: 0.3);
        var options = new HierarchicalOptions { ClusterCount = 3, SampleSize = 150, Seed = 9 };
        HierarchicalModel<double> a = new HierarchicalClustering<double>(options).Fit(x);
        HierarchicalModel<double> b = new HierarchicalClustering<double>(options).Fit(x);
        Assert.True(a.IsSampled);
        Assert.Equal(150, a.SampleRows.Length);
        Assert.Equal(150, a.Tree.LeafCount);
        Assert.Equal(900, a.Labels.Length);
        Assert.Equal(a.Labels.ToArray(), b.Labels.ToArray());
        Assert.True(ClusterMetrics.AdjustedRandIndex(truth, a.Labels) > 0.98);
    }

    [Fact]
    public void Model_SaveAndLoad_RoundTripsBitIdentically()
    {
        FeatureMatrix<double> x = TestData.Uniform(40, 3, 3);
        HierarchicalModel<double> model = new HierarchicalClustering<double>(new() { ClusterCount = 3, Linkage = Linkage.Average, SampleSize = 30, Seed = 4 }).Fit(x);
        string json = ModelPersistence.ToJson(model);
        HierarchicalModel<double> loaded = ModelPersistence.FromJson<HierarchicalModel<double>>(json);
        Assert.Equal(json, ModelPersistence.ToJson(loaded));
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.Tree.Heights.ToArray(), loaded.Tree.Heights.ToArray());
        Assert.Equal(model.Centroids.AsSpan().ToArray(), loaded.Centroids.AsSpan().ToArray());
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<HierarchicalModel<float>>(json));
    }

    [Fact]
    public void Fit_AboveMaxRows_ThrowsStatingMemoryAndSuggestingKMeansOrSampling()
    {
        FeatureMatrix<double> x = TestData.Uniform(50, 2, 1);
        var ex = Assert.Throws<ArgumentException>(() => new HierarchicalClustering<double>(new() { Linkage = Linkage.Average, MaxRows = 20 }).Fit(x));
        Assert.Contains("2,500 doubles", ex.Message, StringComparison.Ordinal);
        Assert.Contains("K-Means", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SampleSize", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new HierarchicalClustering<double>(new() { Linkage = Linkage.Ward, MaxRows = 20 }).Fit(x));
    }

    [Fact]
    public void Fit_BadOptionsOrData_Throw()
    {
        FeatureMatrix<double> x = TestData.Uniform(5, 2, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalClustering<double>(new() { ClusterCount = 0 }).Fit(x));
        Assert.Throws<ArgumentException>(() => new HierarchicalClustering<double>(new() { ClusterCount = 6 }).Fit(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalClustering<double>(new() { Linkage = (Linkage)9 }).Fit(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalClustering<double>(new() { MaxRows = 1 }).Fit(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalClustering<double>(new() { MaxRows = 100_000 }).Fit(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalClustering<double>(new() { SampleSize = 1 }).Fit(x));
        Assert.Throws<ArgumentNullException>(() => new HierarchicalClustering<double>().Fit(null!));
        Assert.Throws<ArgumentException>(() => new HierarchicalClustering<double>().Fit(new FeatureMatrix<double>(ReadOnlySpan<double>.Empty, 0, 2)));
        Assert.Throws<ArgumentException>(() => new HierarchicalClustering<double>().Fit(new FeatureMatrix<double>([1, double.PositiveInfinity], 1, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalClustering<double>().WithClusterCount(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HierarchicalClustering<double>.BuildTree(x, (Linkage)7));
    }

    [Fact]
    public void Tree_BadCuts_Throw()
    {
        LinkageTree tree = HierarchicalClustering<double>.BuildTree(TestData.Uniform(5, 2, 1), Linkage.Ward);
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Cut(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Cut(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.CutAtHeight(double.NaN));
    }

    [Fact]
    public void Tree_InvalidMerges_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkageTree(0, [], [], [], []));
        Assert.Throws<ArgumentException>(() => new LinkageTree(3, [0], [1], [1.0], [2]));
        Assert.Throws<ArgumentException>(() => new LinkageTree(3, [0, 0], [1, 2], [1.0, 2.0], [2, 3]));
        Assert.Throws<ArgumentException>(() => new LinkageTree(3, [0, 2], [1, 3], [2.0, 1.0], [2, 3]));
        Assert.Throws<ArgumentException>(() => new LinkageTree(3, [0, 2], [1, 3], [1.0, 2.0], [2, 4]));
    }

    [Fact]
    public void Predict_WrongShape_Throws()
    {
        HierarchicalModel<double> model = new HierarchicalClustering<double>().Fit(TestData.Uniform(5, 2, 1));
        Assert.Throws<ArgumentException>(() => model.Predict(TestData.Uniform(5, 3, 1), new int[5]));
        Assert.Throws<ArgumentException>(() => model.Predict(TestData.Uniform(5, 2, 1), new int[4]));
    }
}
