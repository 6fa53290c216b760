using System.Text.Json.Nodes;
using Personalization.Persistence;

namespace Personalization.Features.Tests;

/// <summary>A saved scaler with non-finite or inconsistent numbers is refused (issue 16, class 6).</summary>
public sealed class SavedModelValidationTests
{
    private static string Mutate(Action<JsonNode> change)
    {
        FeatureMatrix<double> data = FeatureMatrix<double>.FromRows([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0]], ["a", "b"]);
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(new StandardScaler().Fit(data)))!;
        change(root["payload"]!);
        return root.ToJsonString();
    }

    [Theory]
    [InlineData("dataMin")]
    [InlineData("dataMax")]
    public void Load_NaNDataRange_ThrowsNamingTheField(string field)
    {
        string json = Mutate(p => p[field]![1] = "NaN");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<ScalerModel>(json));

        Assert.Contains($"\"{field}\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MinAboveMax_Throws()
    {
        string json = Mutate(p => p["dataMin"]![0] = 100.0);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<ScalerModel>(json));

        Assert.Contains("\"dataMin\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InfiniteScale_Throws()
    {
        string json = Mutate(p => p["scales"]![0] = "Infinity");

        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<ScalerModel>(json));
    }

    private static string MutatePipeline(Action<JsonNode> change)
    {
        FeatureMatrix<double> data = FeatureMatrix<double>.FromRows([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0], [3.0, 25.0]], ["a", "b"]);
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(new PreprocessingPipeline().Fit(data)))!;
        change(root["payload"]!);
        return root.ToJsonString();
    }

    [Fact]
    public void LoadPipeline_StepColumnsDifferFromThePipeline_ThrowsNamingTheStep()
    {
        string json = MutatePipeline(p => p["scaler"]!["payload"]!["columnNames"]![1] = "c");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<PreprocessingModel>(json));

        Assert.Contains("\"scaler\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPipeline_Valid_RoundTrips()
    {
        string json = MutatePipeline(_ => { });

        Assert.Equal(["a", "b"], ModelPersistence.FromJson<PreprocessingModel>(json).ColumnNames);
    }
}
