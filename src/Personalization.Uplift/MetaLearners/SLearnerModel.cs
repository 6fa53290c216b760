using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="SLearner"/>: one outcome model over the features and the arm indicators.</summary>
/// <remarks>τ<sub>a</sub>(x) = μ(x, a) − μ(x, 0). Immutable and thread-safe.</remarks>
public sealed class SLearnerModel : IUpliftModel, IPersistableModel<SLearnerModel>
{
    private readonly string[] _armNames;

    internal SLearnerModel(SLearnerOptions options, int featureCount, IReadOnlyList<string> armNames, IBaseModel model)
    {
        Options = options;
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        OutcomeModel = model;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "SLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with, the default learner resolved to the one used; a loaded model rebuilds the learner from its saved base model's options.</summary>
    public SLearnerOptions Options { get; }

    /// <inheritdoc />
    public int ArmCount => _armNames.Length - 1;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets the outcome model; its inputs are the features followed by <see cref="ArmCount"/> arm indicator columns.</summary>
    public IBaseModel OutcomeModel { get; }

    /// <inheritdoc />
    /// <remarks>effects[r · m + a − 1] = μ(x<sub>r</sub>, a) − μ(x<sub>r</sub>, 0).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount, effects.Length);
        int n = features.RowCount, m = ArmCount;
        var arms = new int[n];
        double[] control = MetaLearnerSupport.Predict(OutcomeModel, Augment(features, arms, m));
        for (int a = 1; a <= m; a++)
        {
            Array.Fill(arms, a);
            double[] arm = MetaLearnerSupport.Predict(OutcomeModel, Augment(features, arms, m));
            for (int r = 0; r < n; r++)
            {
                effects[(r * m) + a - 1] = arm[r] - control[r];
            }
        }
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static SLearnerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        IBaseModel model = BaseModelJson.ReadModel(ModelJson.GetProperty(payload, "outcomeModel"))
            ?? throw new InvalidDataException("The saved S-learner has no outcome model.");
        if (names.Length < 2 || model.FeatureCount != featureCount + names.Length - 1)
        {
            throw new InvalidDataException("The saved S-learner's outcome model does not match its feature and arm counts.");
        }

        return new SLearnerModel(new SLearnerOptions { Learner = FittedLearner.Of(model) }, featureCount, names, model);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="NotSupportedException">The base model is not one of the built-in, persistable types.</exception>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteArray(writer, "armNames", _armNames);
        writer.WritePropertyName("outcomeModel");
        BaseModelJson.WriteModel(writer, OutcomeModel);
        writer.WriteEndObject();
    }

    /// <summary>Appends one indicator column per treatment arm.</summary>
    internal static FeatureMatrix<double> Augment(FeatureMatrix<double> x, ReadOnlySpan<int> arms, int armCount)
    {
        int n = x.RowCount, d = x.ColumnCount, w = d + armCount;
        var values = new double[n * w];
        ReadOnlySpan<double> v = x.AsSpan();
        for (int r = 0; r < n; r++)
        {
            v.Slice(r * d, d).CopyTo(values.AsSpan(r * w, d));
            if (arms[r] > 0)
            {
                values[(r * w) + d + arms[r] - 1] = 1;
            }
        }

        return FeatureMatrix<double>.FromOwnedArray(values, n, w);
    }
}
