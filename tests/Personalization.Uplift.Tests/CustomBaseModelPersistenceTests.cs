using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>A custom base learner's model, registered in <see cref="BaseModelRegistry"/>, round-trips inside the meta-models (issue 15).</summary>
public sealed class CustomBaseModelPersistenceTests
{
    static CustomBaseModelPersistenceTests() => BaseModelRegistry.Register<BinnedMeanModel>();

    private static UpliftData Data() => Synthetic.Make(2000, 2, 7, binary: false);

    public static TheoryData<string> MetaLearners() => ["T", "X", "DR"];

    private static IUpliftModel Fit(string learner, IBaseLearner baseLearner, UpliftData data) => learner switch
    {
        "T" => new TLearner(new TLearnerOptions { Learner = baseLearner }).Fit(data),
        "X" => new XLearner(new XLearnerOptions { OutcomeLearner = baseLearner, EffectLearner = baseLearner }).Fit(data),
        "DR" => new DRLearner(new DRLearnerOptions { OutcomeLearner = baseLearner, EffectLearner = baseLearner, Seed = 3 }).Fit(data),
        _ => throw new ArgumentOutOfRangeException(nameof(learner)),
    };

    private static string Save(IUpliftModel model) => model switch
    {
        TLearnerModel m => ModelPersistence.ToJson(m),
        XLearnerModel m => ModelPersistence.ToJson(m),
        DRLearnerModel m => ModelPersistence.ToJson(m),
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    private static IUpliftModel Load(string learner, string json) => learner switch
    {
        "T" => ModelPersistence.FromJson<TLearnerModel>(json),
        "X" => ModelPersistence.FromJson<XLearnerModel>(json),
        "DR" => ModelPersistence.FromJson<DRLearnerModel>(json),
        _ => throw new ArgumentOutOfRangeException(nameof(learner)),
    };

    private static double[] Effects(IUpliftModel model, FeatureMatrix<double> features)
    {
        var effects = new double[features.RowCount * model.ArmCount];
        model.PredictEffects(features, effects);
        return effects;
    }

    [Theory]
    [MemberData(nameof(MetaLearners))]
    public void MetaModel_WithRegisteredCustomBaseModel_RoundTripsBitIdentically(string learner)
    {
        UpliftData data = Data();
        IUpliftModel model = Fit(learner, new BinnedMeanLearner(), data);
        string json = Save(model);

        IUpliftModel loaded = Load(learner, json);

        Assert.Contains("\"type\": \"BinnedMeanModel\"", json, StringComparison.Ordinal);
        Assert.Equal(Effects(model, data.Features), Effects(loaded, data.Features));
        Assert.Equal(json, Save(loaded));
    }

    [Theory]
    [MemberData(nameof(MetaLearners))]
    public void MetaModel_WithUnregisteredCustomBaseModel_SaveThrowsNamingTheType(string learner)
    {
        IUpliftModel model = Fit(learner, new MeanLearner(), Data());

        var ex = Assert.Throws<NotSupportedException>(() => Save(model));

        Assert.Contains("MeanLearner+Model", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BaseModelRegistry.Register<Model>()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownBaseModelKind_ThrowsNamingTheKind()
    {
        string json = Save(Fit("T", new BinnedMeanLearner(), Data())).Replace("\"BinnedMeanModel\"", "\"NoSuchModel\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<TLearnerModel>(json));

        Assert.Contains("'NoSuchModel'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BaseModelRegistry.Register", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BaseModelVersionNewerThanItsType_ThrowsNamingKindAndVersion()
    {
        JsonNode root = JsonNode.Parse(Save(Fit("T", new BinnedMeanLearner(), Data())))!;
        root["payload"]!["outcomeModels"]![1]!["formatVersion"] = 9;

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<TLearnerModel>(root.ToJsonString()));

        Assert.Contains("'BinnedMeanModel' base model with format version 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BuiltInBaseModelEntryWithoutFormatVersion_ReadsAsVersionOne()
    {
        // Files written before entries carried "formatVersion" still load.
        UpliftData data = Data();
        IUpliftModel model = Fit("T", new RidgeRegression(), data);
        JsonNode root = JsonNode.Parse(Save(model))!;
        foreach (JsonNode? entry in root["payload"]!["outcomeModels"]!.AsArray())
        {
            Assert.True(entry!.AsObject().Remove("formatVersion"));
        }

        IUpliftModel loaded = Load("T", root.ToJsonString());

        Assert.Equal(Effects(model, data.Features), Effects(loaded, data.Features));
    }

    [Fact]
    public void Register_SameKindForAnotherType_ThrowsNamingBothTypes()
    {
        var ex = Assert.Throws<ArgumentException>(BaseModelRegistry.Register<ImpostorRidgeModel>);

        Assert.Contains("'RidgeRegressionModel'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(RidgeRegressionModel).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.False(BaseModelRegistry.IsRegistered(typeof(ImpostorRidgeModel)));
    }

    [Fact]
    public void Register_Twice_IsANoOpAndBuiltInsAreRegistered()
    {
        BaseModelRegistry.Register<BinnedMeanModel>();

        Assert.True(BaseModelRegistry.IsRegistered(typeof(BinnedMeanModel)));
        Assert.True(BaseModelRegistry.IsRegistered(typeof(GradientBoostingModel)));
        Assert.True(BaseModelRegistry.IsRegistered(typeof(RandomForestModel)));
        Assert.False(BaseModelRegistry.IsRegistered(typeof(string)));
    }

    /// <summary>Predicts the mean target of the row's bin of x0 (40 equal bins on [-1, 1]): a step function the meta-learners can use.</summary>
    private sealed class BinnedMeanLearner : IBaseLearner
    {
        public bool IsClassifier => false;

        public IBaseModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
        {
            var sums = new double[BinnedMeanModel.BinCount];
            var counts = new int[BinnedMeanModel.BinCount];
            double total = 0;
            for (int r = 0; r < features.RowCount; r++)
            {
                int bin = BinnedMeanModel.Bin(features.Row(r)[0]);
                sums[bin] += target[r];
                counts[bin]++;
                total += target[r];
            }

            var means = new double[BinnedMeanModel.BinCount];
            for (int b = 0; b < means.Length; b++)
            {
                means[b] = counts[b] > 0 ? sums[b] / counts[b] : total / features.RowCount;
            }

            return new BinnedMeanModel(features.ColumnCount, means);
        }
    }

    /// <summary>A user base model persisted with the public API only (System.Text.Json and <see cref="ModelPayload"/>).</summary>
    internal sealed class BinnedMeanModel(int featureCount, double[] means) : IBaseModel, IPersistableModel<BinnedMeanModel>
    {
        public const int BinCount = 40;

        public static string PersistedModelType => "BinnedMeanModel";

        public static int CurrentFormatVersion => 1;

        public static int OldestReadableFormatVersion => 1;

        public string ModelType => PersistedModelType;

        public int FeatureCount => featureCount;

        public static int Bin(double x0) => Math.Clamp((int)Math.Floor((x0 + 1) / 2 * BinCount), 0, BinCount - 1);

        public void Predict(FeatureMatrix<double> features, Span<double> predictions)
        {
            for (int r = 0; r < features.RowCount; r++)
            {
                predictions[r] = means[Bin(features.Row(r)[0])];
            }
        }

        public static BinnedMeanModel ReadPayload(JsonElement payload, int formatVersion)
        {
            double[] means = ModelPayload.GetDoubleArray(payload, "means");
            return means.Length == BinCount
                ? new BinnedMeanModel(payload.GetProperty("featureCount").GetInt32(), means)
                : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"\"means\" has {means.Length} values; expected {BinCount}."));
        }

        public void WritePayload(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteNumber("featureCount", featureCount);
            writer.WriteStartArray("means");
            foreach (double m in means)
            {
                writer.WriteNumberValue(m);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>Claims the built-in ridge model's kind.</summary>
    internal sealed class ImpostorRidgeModel : IBaseModel, IPersistableModel<ImpostorRidgeModel>
    {
        public static string PersistedModelType => "RidgeRegressionModel";

        public static int CurrentFormatVersion => 1;

        public static int OldestReadableFormatVersion => 1;

        public string ModelType => PersistedModelType;

        public int FeatureCount => 1;

        public void Predict(FeatureMatrix<double> features, Span<double> predictions) => predictions.Clear();

        public static ImpostorRidgeModel ReadPayload(JsonElement payload, int formatVersion) => new();

        public void WritePayload(Utf8JsonWriter writer) => throw new NotSupportedException("Never saved.");
    }
}
