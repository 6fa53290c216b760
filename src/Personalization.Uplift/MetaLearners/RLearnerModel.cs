using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="RLearner"/>: one effect model per treatment arm.</summary>
/// <remarks>τ<sub>a</sub>(x) is the prediction of arm a's effect model. Immutable and thread-safe.</remarks>
public sealed class RLearnerModel : ArmEffectUpliftModel, IPersistableModel<RLearnerModel>
{
    internal RLearnerModel(RLearnerOptions options, int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models, double[]? poorOverlapShare = null)
        : this(options, new ArmEffectModels(featureCount, armNames, models, poorOverlapShare))
    {
    }

    private RLearnerModel(RLearnerOptions options, ArmEffectModels effects)
        : base(options, effects, PersistedModelType) => Options = options;

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "RLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>
    /// Gets the options the model was fitted with. A loaded model rebuilds them from the payload: the effect learner from
    /// the saved effect model's options; the outcome and propensity learners are <see langword="null"/> (the nuisance
    /// models are not saved); a format-1 payload also lacks the propensity options, cross-fitting, fold count and seed,
    /// which read as the defaults of <see cref="RLearnerOptions"/>.
    /// </summary>
    public RLearnerOptions Options { get; }

    /// <summary>Reads a payload written by <see cref="ArmEffectUpliftModel.WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static RLearnerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        ArmEffectModels effects = ArmEffectModels.ReadPayload(payload, "R-learner");
        var learners = new RLearnerOptions { EffectLearner = FittedLearner.Of(effects.Models[0]) as IWeightedBaseLearner };
        return new(MetaOptionsJson.Apply(learners, MetaOptionsJson.Read(payload, "R-learner")), effects);
    }
}
