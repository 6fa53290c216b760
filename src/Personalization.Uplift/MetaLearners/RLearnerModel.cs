using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="RLearner"/>: one effect model per treatment arm.</summary>
/// <remarks>τ<sub>a</sub>(x) is the prediction of arm a's effect model. Immutable and thread-safe.</remarks>
public sealed class RLearnerModel : IUpliftModel, IPersistableModel<RLearnerModel>
{
    private readonly string[] _armNames;
    private readonly IBaseModel[] _models;

    internal RLearnerModel(int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models)
    {
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _models = models;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "RLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <inheritdoc />
    public int ArmCount => _models.Length;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets the effect model of each treatment arm.</summary>
    public IReadOnlyList<IBaseModel> EffectModels => _models;

    /// <inheritdoc />
    /// <remarks>effects[r · m + a − 1] = τ<sub>a</sub>(x<sub>r</sub>).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount, effects.Length);
        int m = ArmCount;
        for (int a = 0; a < m; a++)
        {
            double[] tau = MetaLearnerSupport.Predict(_models[a], features);
            for (int r = 0; r < tau.Length; r++)
            {
                effects[(r * m) + a] = tau[r];
            }
        }
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static RLearnerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        IBaseModel[] models = BaseModelJson.RequireAll(BaseModelJson.ReadModels(payload, "effectModels"), "effectModels");
        if (models.Length < 1 || names.Length != models.Length + 1)
        {
            throw new InvalidDataException("The saved R-learner needs one effect model per treatment arm and one name per arm, control included.");
        }

        BaseModelJson.CheckFeatureCount(models, featureCount);
        return new RLearnerModel(featureCount, names, models);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="NotSupportedException">A base model is not one of the built-in, persistable types.</exception>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteArray(writer, "armNames", _armNames);
        BaseModelJson.WriteModels(writer, "effectModels", _models);
        writer.WriteEndObject();
    }
}
