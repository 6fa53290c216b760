using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="TLearner"/>: one outcome model per arm, control first.</summary>
/// <remarks>τ<sub>a</sub>(x) = μ<sub>a</sub>(x) − μ<sub>0</sub>(x). Immutable and thread-safe.</remarks>
public sealed class TLearnerModel : IUpliftModel, IPersistableModel<TLearnerModel>
{
    private readonly IBaseModel[] _models;
    private readonly string[] _armNames;

    internal TLearnerModel(TLearnerOptions options, int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models)
    {
        Options = options;
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _models = models;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "TLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with, the default learner resolved to the one used; a loaded model rebuilds the learner from its saved base model's options.</summary>
    public TLearnerOptions Options { get; }

    /// <inheritdoc />
    public int ArmCount => _models.Length - 1;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets the outcome model of each arm, control first.</summary>
    public IReadOnlyList<IBaseModel> OutcomeModels => _models;

    /// <inheritdoc />
    /// <remarks>effects[r · m + a − 1] = μ<sub>a</sub>(x<sub>r</sub>) − μ<sub>0</sub>(x<sub>r</sub>).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount, effects.Length);
        double[] control = MetaLearnerSupport.Predict(_models[0], features);
        int m = ArmCount;
        for (int a = 1; a <= m; a++)
        {
            double[] arm = MetaLearnerSupport.Predict(_models[a], features);
            for (int r = 0; r < arm.Length; r++)
            {
                effects[(r * m) + a - 1] = arm[r] - control[r];
            }
        }
    }

    /// <summary>Predicts the expected outcome of every row under every arm, control included.</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="outcomes">Receives RowCount x (ArmCount + 1) values, row-major: μ<sub>k</sub>(x<sub>r</sub>) at r · (m + 1) + k.</param>
    /// <exception cref="ArgumentException">The column count differs, the destination is too short, or the data is not finite.</exception>
    public void PredictOutcomes(FeatureMatrix<double> features, Span<double> outcomes)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount + 1, outcomes.Length);
        int width = ArmCount + 1;
        for (int k = 0; k < width; k++)
        {
            double[] p = MetaLearnerSupport.Predict(_models[k], features);
            for (int r = 0; r < p.Length; r++)
            {
                outcomes[(r * width) + k] = p[r];
            }
        }
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static TLearnerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        IBaseModel[] models = BaseModelJson.RequireAll(BaseModelJson.ReadModels(payload, "outcomeModels"), "outcomeModels");
        if (models.Length < 2 || names.Length != models.Length)
        {
            throw new InvalidDataException("The saved T-learner needs one outcome model and one name per arm, control included.");
        }

        BaseModelJson.CheckFeatureCount(models, featureCount);
        return new TLearnerModel(new TLearnerOptions { Learner = FittedLearner.Of(models[0]) }, featureCount, names, models);
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
        BaseModelJson.WriteModels(writer, "outcomeModels", _models);
        writer.WriteEndObject();
    }
}
