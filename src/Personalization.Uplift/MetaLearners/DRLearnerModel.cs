using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="DRLearner"/>: one effect model per treatment arm.</summary>
/// <remarks>τ<sub>a</sub>(x) is the prediction of arm a's effect model. Immutable and thread-safe.</remarks>
public sealed class DRLearnerModel : IUpliftModel, IPersistableModel<DRLearnerModel>
{
    private readonly ArmEffectModels _effects;

    internal DRLearnerModel(int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models, double[]? poorOverlapShare = null)
        : this(new ArmEffectModels(featureCount, armNames, models, poorOverlapShare))
    {
    }

    private DRLearnerModel(ArmEffectModels effects) => _effects = effects;

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "DRLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <inheritdoc />
    public int ArmCount => _effects.ArmCount;

    /// <inheritdoc />
    public int FeatureCount => _effects.FeatureCount;

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames => _effects.ArmNames;

    /// <summary>Gets the effect model of each treatment arm.</summary>
    public IReadOnlyList<IBaseModel> EffectModels => _effects.Models;

    /// <summary>
    /// Gets the overlap diagnostic of each treatment arm: the share of the training rows of control and the arm whose
    /// propensity e(x) (estimated, before clipping to [PropensityClip, 1 − PropensityClip], or the constant) lies outside
    /// [0.05, 0.95]; NaN for a model saved before the diagnostic existed.
    /// </summary>
    /// <value>
    /// One share in [0, 1] per treatment arm. A share above a few percent means some customers are almost always or
    /// never treated: their effect is extrapolated and the inverse-propensity weights, clipped at PropensityClip, are large
    /// (EconML, grf and DoubleML warn on such poor overlap). Trim such rows or restrict the population before trusting the effects.
    /// </value>
    public IReadOnlyList<double> PoorOverlapShare => _effects.PoorOverlapShare;

    /// <inheritdoc />
    /// <remarks>effects[r · m + a − 1] = τ<sub>a</sub>(x<sub>r</sub>).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects) => _effects.PredictEffects(features, effects);

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static DRLearnerModel ReadPayload(JsonElement payload, int formatVersion) => new(ArmEffectModels.ReadPayload(payload, "DR-learner"));

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="NotSupportedException">A base model is not one of the built-in, persistable types.</exception>
    public void WritePayload(Utf8JsonWriter writer) => _effects.WritePayload(writer);
}
