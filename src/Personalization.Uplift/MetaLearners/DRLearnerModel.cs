using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="DRLearner"/>: one effect model per treatment arm.</summary>
/// <remarks>τ<sub>a</sub>(x) is the prediction of arm a's effect model. Immutable and thread-safe.</remarks>
public sealed class DRLearnerModel : ArmEffectUpliftModel, IPersistableModel<DRLearnerModel>
{
    internal DRLearnerModel(DRLearnerOptions options, int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models, double[]? poorOverlapShare = null)
        : this(options, new ArmEffectModels(featureCount, armNames, models, poorOverlapShare))
    {
    }

    private DRLearnerModel(DRLearnerOptions options, ArmEffectModels effects)
        : base(options, effects, PersistedModelType) => Options = options;

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "DRLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>
    /// Gets the options the model was fitted with. A loaded model rebuilds them from the payload: the effect learner from
    /// the saved effect model's options; the outcome and propensity learners are <see langword="null"/> (the nuisance
    /// models are not saved); a format-1 payload also lacks the propensity options, cross-fitting, fold count and seed,
    /// which read as the defaults of <see cref="DRLearnerOptions"/>.
    /// </summary>
    public DRLearnerOptions Options { get; }

    /// <summary>Reads a payload written by <see cref="ArmEffectUpliftModel.WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static DRLearnerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        ArmEffectModels effects = ArmEffectModels.ReadPayload(payload, "DR-learner");
        var learners = new DRLearnerOptions { EffectLearner = FittedLearner.Of(effects.Models[0]) };
        return new(MetaOptionsJson.Apply(learners, MetaOptionsJson.Read(payload, "DR-learner")), effects);
    }
}
