using System.Text.Json.Nodes;
using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Features.Tests;

/// <summary>Cleaning and encoding models expose the options they were fitted with, after a save and load too, and what a format-1 file recovers.</summary>
public sealed class ModelOptionsTests
{
    private static readonly FeatureMatrix<double> Data = FeatureMatrix<double>.FromArray(
        new double[,] { { 1, double.NaN }, { 2, 4 }, { double.NaN, 6 }, { 10, 20 } },
        ["a", "b"],
        ["r0", "r1", "r2", "r3"]);

    private static T RoundTrip<T>(T model)
        where T : IPersistableModel<T> => ModelPersistence.FromJson<T>(ModelPersistence.ToJson(model));

    /// <summary>Saves the model as format 1 would have: the given fields removed, the version set to 1.</summary>
    private static T AsVersion1<T>(T model, params string[] fields)
        where T : IPersistableModel<T>
    {
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(model))!;
        foreach (string field in fields)
        {
            Assert.True(root["payload"]!.AsObject().Remove(field), field);
        }

        root["formatVersion"] = 1;
        return ModelPersistence.FromJson<T>(root.ToJsonString());
    }

    [Fact]
    public void ImputerModel_Options_SavedAndRecovered()
    {
        var options = new SimpleImputerOptions { Strategy = ImputationStrategy.Mean, FillValue = 7 };
        ImputerModel model = new SimpleImputer(options).Fit(Data);
        Assert.Same(options, model.Options);
        Assert.Equal(options, RoundTrip(model).Options);
        Assert.Equal(options with { FillValue = 0 }, AsVersion1(model, "fillValue").Options); // not recorded by format 1

        ImputerModel constant = new SimpleImputer(new SimpleImputerOptions { Strategy = ImputationStrategy.Constant, FillValue = -3 }).Fit(Data);
        Assert.Equal(-3, AsVersion1(constant, "fillValue").Options.FillValue); // recovered from the fill values
    }

    [Fact]
    public void WinsorizerModel_Options_SavedAndNaNFromVersion1()
    {
        var options = new WinsorizerOptions { LowerQuantile = 0.1, UpperQuantile = 0.8 };
        WinsorizerModel model = new Winsorizer(options).Fit(Data);
        Assert.Same(options, model.Options);
        Assert.Equal(options, RoundTrip(model).Options);

        WinsorizerModel old = AsVersion1(model, "lowerQuantile", "upperQuantile");
        Assert.True(double.IsNaN(old.Options.LowerQuantile) && double.IsNaN(old.Options.UpperQuantile));
        Assert.Equal(model.Transform(Data).AsSpan().ToArray(), old.Transform(Data).AsSpan().ToArray());
    }

    [Fact]
    public void WinsorizerModel_SavedQuantilesOutOfRange_Rejected()
    {
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(new Winsorizer().Fit(Data)))!;
        root["payload"]!["lowerQuantile"] = 0.995; // above the upper quantile, 0.99
        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<WinsorizerModel>(root.ToJsonString()));
        Assert.Contains("quantiles", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Log1pModel_Options_RebuiltFromTheModel()
    {
        var some = new Log1pTransformOptions { Columns = ["b"], Signed = true };
        Log1pModel model = new Log1pTransform(some).Fit(Data);
        Assert.Equal(["b"], model.Options.Columns!);
        Assert.True(RoundTrip(model).Options.Signed);
        Assert.Equal(["b"], RoundTrip(model).Options.Columns!);
        Assert.Null(RoundTrip(new Log1pTransform().Fit(Data)).Options.Columns); // every column: null, as given
    }

    [Fact]
    public void OneHotEncoderModel_Options_RebuiltFromTheModel()
    {
        var options = new OneHotEncoderOptions { ColumnName = "channel", UnknownCategory = UnknownCategoryHandling.Ignore };
        OneHotEncoderModel model = new OneHotEncoder(options).Fit(["web", "shop"]);
        Assert.Equal(options, model.Options);
        Assert.Equal(options, RoundTrip(model).Options);
    }

    [Fact]
    public void OrdinalEncoderModel_Options_CategoriesGivenOrLearned()
    {
        var given = new OrdinalEncoderOptions { ColumnName = "size", Categories = ["S", "M", "L"], UnknownValue = -2 };
        OrdinalEncoderModel model = new OrdinalEncoder(given).Fit(["M", "S"]);
        Assert.Equal(["S", "M", "L"], model.Options.Categories!);
        OrdinalEncoderModel loaded = RoundTrip(model);
        Assert.Equal(["S", "M", "L"], loaded.Options.Categories!);
        Assert.Equal((given.ColumnName, given.UnknownValue), (loaded.Options.ColumnName, loaded.Options.UnknownValue));
        Assert.Null(AsVersion1(model, "categoriesGiven").Options.Categories); // format 1 did not record it

        Assert.Null(RoundTrip(new OrdinalEncoder().Fit(["x", "y"])).Options.Categories);
    }

    [Fact]
    public void ScalerModel_Options_SavedForEachKindAndDefaultsFromVersion1()
    {
        FeatureMatrix<double> data = FeatureMatrix<double>.FromArray(new double[,] { { 1, 2 }, { 3, 5 }, { 4, 9 } }, ["a", "b"], ["r0", "r1", "r2"]);
        ScalerOptions[] all =
        [
            new StandardScalerOptions { WithMean = false },
            new MinMaxScalerOptions { RangeMin = -1, RangeMax = 2 },
            new RobustScalerOptions { LowerPercentile = 10, UpperPercentile = 90, WithCentering = false },
        ];
        ScalerModel[] models =
        [
            new StandardScaler((StandardScalerOptions)all[0]).Fit(data),
            new MinMaxScaler((MinMaxScalerOptions)all[1]).Fit(data),
            new RobustScaler((RobustScalerOptions)all[2]).Fit(data),
        ];
        for (int i = 0; i < models.Length; i++)
        {
            Assert.Same(all[i], models[i].Options);
            Assert.Equal(all[i], RoundTrip(models[i]).Options);
        }

        Assert.Equal(new MinMaxScalerOptions(), AsVersion1(models[1], "options").Options); // format 1 did not record them

        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(models[1]))!;
        root["payload"]!["options"]!["rangeMax"] = -5;
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<ScalerModel>(root.ToJsonString()));
    }

    [Fact]
    public void PreprocessingModel_Options_FromItsSteps()
    {
        var options = new PreprocessingPipelineOptions
        {
            Imputer = new SimpleImputerOptions { Strategy = ImputationStrategy.Mean },
            Winsorizer = new WinsorizerOptions { LowerQuantile = 0.05, UpperQuantile = 0.95 },
            Scaler = ScalerKind.Robust,
        };
        PreprocessingModel model = new PreprocessingPipeline(options).Fit(Data);
        Assert.Equal(options, model.Options);
        Assert.Equal(options, RoundTrip(model).Options);
    }
}
