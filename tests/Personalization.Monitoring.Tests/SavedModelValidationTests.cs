using System.Text.Json.Nodes;
using Personalization.Persistence;

namespace Personalization.Monitoring.Tests;

/// <summary>A saved PSI binning with non-finite or inconsistent numbers is refused (issue 16, class 6).</summary>
public sealed class SavedModelValidationTests
{
    private static string Mutate(Action<JsonNode> change)
    {
        var reference = new FeatureMatrix<double>(TestData.SplitMix(21, 400), 400, 1, ["recency"]);
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(new PsiBinning().Fit(reference)))!;
        change(root["payload"]!);
        return root.ToJsonString();
    }

    [Theory]
    [InlineData("edges", "NaN")]
    [InlineData("edges", "Infinity")]
    [InlineData("referenceShares", "NaN")]
    public void Load_NonFiniteValue_ThrowsNamingTheField(string field, string bad)
    {
        string json = Mutate(p => p["features"]![0]![field]![0] = bad);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<PsiBinningModel>(json));

        Assert.Contains($"\"{field}\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SharesNotSummingToOne_Throws()
    {
        string json = Mutate(p => p["features"]![0]!["referenceShares"]![0] = 0.9);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<PsiBinningModel>(json));

        Assert.Contains("sum to", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZeroReferenceRows_Throws()
    {
        string json = Mutate(p => p["referenceRowCount"] = 0);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<PsiBinningModel>(json));

        Assert.Contains("\"referenceRowCount\"", ex.Message, StringComparison.Ordinal);
    }
}
