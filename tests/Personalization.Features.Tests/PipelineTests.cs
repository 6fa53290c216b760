using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Features.Tests;

public sealed class PipelineTests
{
    private static readonly DateTime AsOf = new(2024, 6, 30);

    private static List<Transaction> Sample()
    {
        var rng = new Random(7);
        var list = new List<Transaction>();
        for (int i = 0; i < 400; i++)
        {
            string c = "c" + rng.Next(40);
            list.Add(new Transaction(c, c + "-" + rng.Next(6), AsOf.AddDays(-rng.Next(300)), 1 + rng.Next(4), 5 + rng.Next(100)) { Channel = rng.Next(2) == 0 ? "online" : "store" });
        }

        return list;
    }

    [Fact]
    public void Fit_OnTransactions_SaveLoadGivesBitIdenticalScores()
    {
        var pipeline = new PreprocessingPipeline(new() { Winsorizer = new(), Log1p = new() { Columns = [CustomerFeatureNames.Monetary], Signed = true }, Scaler = ScalerKind.Robust });
        PreprocessingModel model = pipeline.Fit(Sample(), new CustomerFeatureOptions { AsOf = AsOf, WindowDays = 180 });

        string json = ModelPersistence.ToJson(model);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        PreprocessingModel loaded = ModelPersistence.Load<PreprocessingModel>(stream);

        FeatureMatrix<double> a = model.Transform(Sample(), AsOf.AddDays(30));
        FeatureMatrix<double> b = loaded.Transform(Sample(), AsOf.AddDays(30));
        Assert.Equal(a.AsSpan().ToArray(), b.AsSpan().ToArray());
        Assert.Equal(a.RowIds, b.RowIds);
        Assert.False(a.TryFindNonFinite(out _, out _));
        Assert.Equal(180, loaded.FeatureOptions!.WindowDays);
        Assert.Equal(ScalerKind.Robust, loaded.Scaler!.Kind);
    }

    [Fact]
    public void Transform_EqualsStepsAppliedByHand()
    {
        FeatureMatrix<double> features = new CustomerFeatureExtractor(new() { AsOf = AsOf }).Extract(Sample());
        PreprocessingModel model = new PreprocessingPipeline().Fit(features);

        ImputerModel imputer = new SimpleImputer().Fit(features);
        ScalerModel scaler = new StandardScaler().Fit(imputer.Transform(features));
        Assert.Equal(scaler.Transform(imputer.Transform(features)).AsSpan().ToArray(), model.Transform(features).AsSpan().ToArray());
    }

    [Fact]
    public void Transform_TransactionsWithoutFeatureOptions_ThrowsInvalidOperation()
    {
        FeatureMatrix<double> features = new CustomerFeatureExtractor(new() { AsOf = AsOf }).Extract(Sample());
        PreprocessingModel model = new PreprocessingPipeline().Fit(features);

        Assert.Throws<InvalidOperationException>(() => model.Transform(Sample(), AsOf));
        Assert.Throws<ArgumentException>(() => model.Transform(features.SelectColumns([0, 1])));
    }

    [Fact]
    public void Fit_WithoutImputer_NaNFeaturesThrow()
    {
        // A one-order customer has undefined (NaN) purchase intervals.
        FeatureMatrix<double> features = new CustomerFeatureExtractor(new() { AsOf = AsOf }).Extract([.. Sample(), new Transaction("solo", "s1", AsOf, 1, 1)]);
        Assert.True(features.TryFindNonFinite(out _, out _));

        Assert.Throws<ArgumentException>(() => new PreprocessingPipeline(new() { Imputer = null }).Fit(features));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreprocessingPipeline(new() { Scaler = (ScalerKind)9 }).Fit(features));
    }
}
