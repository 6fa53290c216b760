using System.Globalization;

namespace Personalization.Clustering.Tests.Selection;

public sealed class ClusterCountSelectionTests
{
    internal static (FeatureMatrix<double> LogScaled, FeatureMatrix<double> Raw, string[] Channel) Wholesale()
    {
        string path = Path.Combine(RepositoryRoot(), "..", "shared", "data", "wholesale_customers.csv");
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        var raw = new List<double[]>();
        var channel = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            string[] f = lines[i].Split(',');
            channel.Add(f[0] == "1" ? "Horeca" : "Retail");
            raw.Add(f.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        }

        string[] names = header.Skip(2).ToArray();
        FeatureMatrix<double> rawMatrix = FeatureMatrix<double>.FromRows(raw, names);
        // log, then standardise (population SD).
        double[][] logged = raw.Select(r => r.Select(v => Math.Log(v)).ToArray()).ToArray();
        for (int j = 0; j < names.Length; j++)
        {
            double mean = logged.Average(r => r[j]);
            double sd = Math.Sqrt(logged.Average(r => (r[j] - mean) * (r[j] - mean)));
            foreach (double[] r in logged)
            {
                r[j] = (r[j] - mean) / sd;
            }
        }

        return (FeatureMatrix<double>.FromRows(logged, names), rawMatrix, channel.ToArray());
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Personalization.sln not found.");
    }

    /// <summary>Four unit-spread blobs at the corners of a square of side 12 (well separated).</summary>
    private static FeatureMatrix<double> FourBlobs()
    {
        var rng = new Random(21);
        double[][] centres = [[0, 0, 0], [12, 0, 0], [0, 12, 0], [12, 12, 0]];
        var rows = new List<double[]>();
        for (int i = 0; i < 200; i++)
        {
            double[] c = centres[i % 4];
            rows.Add(c.Select(v => v + TestData.Normal(rng)).ToArray());
        }

        return FeatureMatrix<double>.FromRows(rows);
    }

    [Fact]
    public void Evaluate_FourWellSeparatedBlobs_RecommendsFourUnderSilhouette()
    {
        FeatureMatrix<double> x = FourBlobs();
        var clusterer = new HierarchicalClustering<double>(new HierarchicalOptions { Linkage = Linkage.Ward });
        ClusterCountSelectionResult result = ClusterCountSelection.Evaluate(clusterer, x, new() { MinClusterCount = 2, MaxClusterCount = 8, GapReferenceCount = 5, Seed = 3 });
        Assert.Equal(4, result.RecommendedClusterCount);
        Assert.Contains("Silhouette", result.Reason, StringComparison.Ordinal);
        Assert.Equal(7, result.Scores.Count);
        Assert.Equal(4, result.ElbowClusterCount);
        for (int i = 1; i < result.Scores.Count; i++)
        {
            Assert.True(result.Scores[i].Inertia <= result.Scores[i - 1].Inertia);
        }
    }

    [Theory]
    [InlineData(SelectionRule.CalinskiHarabasz)]
    [InlineData(SelectionRule.DaviesBouldin)]
    [InlineData(SelectionRule.Elbow)]
    [InlineData(SelectionRule.Gap)]
    public void Evaluate_FourBlobs_EveryRuleRecommendsFour(SelectionRule rule)
    {
        FeatureMatrix<double> x = FourBlobs();
        var clusterer = new HierarchicalClustering<double>();
        ClusterCountSelectionResult result = ClusterCountSelection.Evaluate(clusterer, x, new() { MaxClusterCount = 7, GapReferenceCount = 5, Rule = rule, Seed = 1 });
        Assert.Equal(4, result.RecommendedClusterCount);
        Assert.StartsWith("Rule " + rule, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WholesaleLogScaled_GivesFullTableForEveryK()
    {
        (FeatureMatrix<double> x, _, _) = Wholesale();
        Assert.Equal(440, x.RowCount);
        var options = new ClusterCountSelectionOptions { MinClusterCount = 2, MaxClusterCount = 8, GapReferenceCount = 5, Seed = 7 };
        ClusterCountSelectionResult result = ClusterCountSelection.Evaluate(new HierarchicalClustering<double>(), x, options);
        Assert.Equal(7, result.Scores.Count);
        foreach (ClusterCountScore s in result.Scores)
        {
            Assert.True(double.IsFinite(s.Inertia) && double.IsFinite(s.Silhouette) && double.IsFinite(s.CalinskiHarabasz)
                && double.IsFinite(s.DaviesBouldin) && double.IsFinite(s.Gap) && double.IsFinite(s.GapStandardError), $"k = {s.ClusterCount}");
            Assert.InRange(s.Silhouette, -1, 1);
        }

        Assert.InRange(result.RecommendedClusterCount, 2, 8);
        string markdown = result.ToMarkdown();
        Assert.Contains("| k | inertia |", markdown, StringComparison.Ordinal);
        Assert.Equal(result, ClusterCountSelection.Evaluate(new HierarchicalClustering<double>(), x, options) is { } again && again.RecommendedClusterCount == result.RecommendedClusterCount && again.Scores.SequenceEqual(result.Scores) ? result : null);
    }

    [Fact]
    public void Evaluate_BadOptions_Throw()
    {
        FeatureMatrix<double> x = TestData.Uniform(10, 2, 1);
        var c = new HierarchicalClustering<double>();
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterCountSelection.Evaluate(c, x, new() { MinClusterCount = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterCountSelection.Evaluate(c, x, new() { MaxClusterCount = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterCountSelection.Evaluate(c, x, new() { MinClusterCount = 4, MaxClusterCount = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterCountSelection.Evaluate(c, x, new() { MaxClusterCount = 3, GapReferenceCount = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterCountSelection.Evaluate(c, x, new() { MaxClusterCount = 3, SilhouetteSampleSize = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterCountSelection.Evaluate(c, x, new() { MaxClusterCount = 3, Rule = (SelectionRule)42 }));
        Assert.Throws<ArgumentNullException>(() => ClusterCountSelection.Evaluate(null!, x));
        Assert.Throws<ArgumentNullException>(() => ClusterCountSelection.Evaluate(c, null!));
        Assert.Throws<ArgumentException>(() => ClusterCountSelection.Evaluate(c, new FeatureMatrix<double>([double.NaN, 1, 2, 3], 2, 2)));
    }
}
