using System.Text.Json.Nodes;
using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>Saved learners with non-finite or inconsistent numbers are refused (issue 16, class 6).</summary>
public sealed class SavedModelValidationTests
{
    private static string Mutate<TModel>(TModel model, Action<JsonNode> change)
        where TModel : IPersistableModel<TModel>
    {
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(model))!;
        change(root["payload"]!);
        return root.ToJsonString();
    }

    private static UpliftData Data() => Synthetic.Make(1000, 1, 2, binary: false);

    [Theory]
    [InlineData("coefficients", "NaN")]
    [InlineData("intercept", "Infinity")]
    [InlineData("alpha", "NaN")]
    public void Ridge_NonFinite_ThrowsNamingTheField(string field, string bad)
    {
        RidgeRegressionModel model = new RidgeRegression().Fit(Data().Features, Data().Outcome);
        string json = Mutate(model, p =>
        {
            if (field == "coefficients")
            {
                p[field]![0] = bad;
            }
            else
            {
                p[field] = bad;
            }
        });

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<RidgeRegressionModel>(json));

        Assert.Contains($"\"{field}\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logistic_NaNCoefficient_Throws()
    {
        UpliftData data = Synthetic.Make(1000, 1, 2, binary: true);
        LogisticRegressionModel model = new LogisticRegression().Fit(data.Features, data.Outcome);
        string json = Mutate(model, p => p["coefficients"]![1] = "NaN");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<LogisticRegressionModel>(json));

        Assert.Contains("\"coefficients\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GradientBoosting_NaNLeafOrBaseScoreOrTreeCount_Throws()
    {
        UpliftData data = Data();
        GradientBoostingModel model = new GradientBoosting(new GradientBoostingOptions { TreeCount = 5, Seed = 1 }).Fit(data.Features, data.Outcome);

        var leaf = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<GradientBoostingModel>(Mutate(model, p => p["value"]![0] = "NaN")));
        var score = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<GradientBoostingModel>(Mutate(model, p => p["baseScore"] = "Infinity")));
        var trees = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<GradientBoostingModel>(Mutate(model, p => p["treeCount"] = 6)));

        Assert.Contains("\"value\"", leaf.Message, StringComparison.Ordinal);
        Assert.Contains("\"baseScore\"", score.Message, StringComparison.Ordinal);
        Assert.Contains("\"treeCount\"", trees.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GradientBoosting_ValidModel_RoundTrips()
    {
        UpliftData data = Data();
        GradientBoostingModel model = new GradientBoosting(new GradientBoostingOptions { TreeCount = 5, Seed = 1 }).Fit(data.Features, data.Outcome);

        GradientBoostingModel back = ModelPersistence.FromJson<GradientBoostingModel>(ModelPersistence.ToJson(model));

        Assert.Equal(model.SplitCount, back.SplitCount);
    }
}
