using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="ClassTransformation"/>: one model of the transformed target per treatment arm.</summary>
/// <remarks>
/// Class transformation: τ<sub>a</sub>(x) = 2·p<sub>a</sub>(x) − 1; transformed outcome: τ<sub>a</sub>(x) = f<sub>a</sub>(x).
/// Immutable and thread-safe.
/// </remarks>
public sealed class ClassTransformationModel : IUpliftModel, IPersistableModel<ClassTransformationModel>
{
    private readonly string[] _armNames;
    private readonly IBaseModel[] _models;

    internal ClassTransformationModel(ClassTransformationOptions options, int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models, bool isClassTransformation)
    {
        Options = options;
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _models = models;
        IsClassTransformation = isClassTransformation;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "ClassTransformationModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>
    /// Gets the options the model was fitted with. A loaded model rebuilds them from the payload: the learner from the
    /// saved arm model's options, <see cref="ClassTransformationOptions.Variant"/> as the variant used (never Auto), the
    /// propensity learner <see langword="null"/> (propensity models are not saved); a format-1 payload also lacks the
    /// propensity mode, known propensity and clip, which read as the defaults of <see cref="ClassTransformationOptions"/>.
    /// </summary>
    public ClassTransformationOptions Options { get; }

    /// <inheritdoc />
    public int ArmCount => _models.Length;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets a value indicating whether the models are class-transformation classifiers (otherwise transformed-outcome regressors).</summary>
    public bool IsClassTransformation { get; }

    /// <summary>Gets the model of each treatment arm.</summary>
    public IReadOnlyList<IBaseModel> ArmModels => _models;

    /// <inheritdoc />
    /// <remarks>effects[r · m + a − 1] = 2·p<sub>a</sub>(x<sub>r</sub>) − 1 (class transformation) or f<sub>a</sub>(x<sub>r</sub>) (transformed outcome).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount, effects.Length);
        int m = ArmCount;
        for (int a = 0; a < m; a++)
        {
            double[] p = MetaLearnerSupport.Predict(_models[a], features);
            for (int r = 0; r < p.Length; r++)
            {
                effects[(r * m) + a] = IsClassTransformation ? (2 * p[r]) - 1 : p[r];
            }
        }
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static ClassTransformationModel ReadPayload(JsonElement payload, int formatVersion)
    {
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        IBaseModel[] models = BaseModelJson.RequireAll(BaseModelJson.ReadModels(payload, "armModels"), "armModels");
        if (models.Length < 1 || names.Length != models.Length + 1)
        {
            throw new InvalidDataException("The saved class-transformation model needs one model per treatment arm and one name per arm, control included.");
        }

        BaseModelJson.CheckFeatureCount(models, featureCount);
        bool isClass = ModelJson.GetBoolean(payload, "isClassTransformation");
        var defaults = new ClassTransformationOptions();
        SavedMetaOptions saved = MetaOptionsJson.Read(payload, "class-transformation model")
            ?? new SavedMetaOptions(defaults.Propensity, defaults.KnownPropensity, defaults.PropensityClip, null, null, null);
        var options = new ClassTransformationOptions
        {
            Variant = isClass ? ClassTransformationVariant.ClassTransformation : ClassTransformationVariant.TransformedOutcome,
            Learner = FittedLearner.Of(models[0]),
            Propensity = saved.Propensity,
            KnownPropensity = saved.KnownPropensity,
            PropensityClip = saved.PropensityClip,
        };
        return new ClassTransformationModel(options, featureCount, names, models, isClass);
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
        writer.WriteBoolean("isClassTransformation", IsClassTransformation);
        BaseModelJson.WriteModels(writer, "armModels", _models);
        MetaOptionsJson.Write(writer, new SavedMetaOptions(Options.Propensity, Options.KnownPropensity, Options.PropensityClip, null, null, null));
        writer.WriteEndObject();
    }
}
