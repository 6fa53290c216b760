using System.Globalization;
using System.Text.Json;
using Personalization.Clustering;
using Personalization.Conformance.Tests.Harness;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>
/// <c>hierarchical</c>: merge heights (within tolerance) and merge sizes (exact) in merge order against
/// <c>scipy.cluster.hierarchy.linkage</c>, and cuts into k clusters equal to <c>fcluster(maxclust)</c>
/// up to renaming of labels.
/// </summary>
public sealed class HierarchicalChecker : IConformanceChecker
{
    /// <inheritdoc />
    public string Kind => "hierarchical";

    /// <inheritdoc />
    public void Check(ConformanceCase testCase)
    {
        FeatureMatrix<double> x = ConformanceCase.FeatureMatrix(ConformanceCase.Require(testCase.Input, "X"));
        string method = ConformanceCase.Require(testCase.Input, "linkage").GetString()!;
        Linkage linkage = method switch
        {
            "ward" => Linkage.Ward,
            "complete" => Linkage.Complete,
            "average" => Linkage.Average,
            "single" => Linkage.Single,
            _ => throw testCase.Fail($"unknown linkage '{method}'."),
        };

        LinkageTree tree = HierarchicalClustering<double>.BuildTree(x, linkage);
        JsonElement expected = testCase.Expected;
        if (expected.TryGetProperty("merge_heights", out JsonElement heights))
        {
            testCase.AssertClose("merge_heights", tree.Heights, heights);
        }

        if (expected.TryGetProperty("merge_sizes", out JsonElement sizes))
        {
            testCase.AssertEqual("merge_sizes", tree.Sizes, sizes);
        }

        if (expected.TryGetProperty("cuts", out JsonElement cuts))
        {
            foreach (JsonProperty cut in cuts.EnumerateObject())
            {
                int k = int.Parse(cut.Name, CultureInfo.InvariantCulture);
                testCase.AssertSamePartition($"cut k={k}", tree.Cut(k), ConformanceCase.IntVector(cut.Value));
            }
        }
    }
}
