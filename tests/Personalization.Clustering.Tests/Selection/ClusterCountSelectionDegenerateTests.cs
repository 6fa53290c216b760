namespace Personalization.Clustering.Tests.Selection;

/// <summary>Choosing k never picks a k by a NaN score (issue 16, class 5).</summary>
public sealed class ClusterCountSelectionDegenerateTests
{
    private static FeatureMatrix<double> Repeated(int rows, params double[][] distinct)
    {
        var list = new List<double[]>();
        for (int r = 0; r < rows; r++)
        {
            list.Add(distinct[r % distinct.Length]);
        }

        return FeatureMatrix<double>.FromRows(list, ["x", "y"]);
    }

    [Theory]
    [InlineData(SelectionRule.Silhouette)]
    [InlineData(SelectionRule.CalinskiHarabasz)]
    [InlineData(SelectionRule.DaviesBouldin)]
    [InlineData(SelectionRule.Elbow)]
    public void Evaluate_IdenticalRows_ThrowsArgumentException(SelectionRule rule)
    {
        FeatureMatrix<double> data = Repeated(20, [1.0, 1.0]);

        var ex = Assert.Throws<ArgumentException>(() => ClusterCountSelection.Evaluate(
            new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 1 }),
            data,
            new ClusterCountSelectionOptions { MinClusterCount = 2, MaxClusterCount = 5, Rule = rule, GapReferenceCount = 0 }));

        Assert.Contains("too few distinct rows", ex.Message, StringComparison.Ordinal);
        Assert.Equal("data", ex.ParamName);
    }

    [Fact]
    public void Evaluate_ThreeDistinctRows_NeverRecommendsAnEmptyClusterFit()
    {
        FeatureMatrix<double> data = Repeated(30, [0.0, 0.0], [10.0, 0.0], [0.0, 10.0]);

        ClusterCountSelectionResult result = ClusterCountSelection.Evaluate(
            new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 1 }),
            data,
            new ClusterCountSelectionOptions { MinClusterCount = 2, MaxClusterCount = 6, GapReferenceCount = 0 });

        Assert.Equal(3, result.RecommendedClusterCount);
        Assert.All(result.Scores.Where(s => s.ClusterCount > 3), s => Assert.True(double.IsNaN(s.Silhouette)));
        Assert.Contains("3 of 5 fits left a cluster empty", result.Reason, StringComparison.Ordinal);
    }
}
