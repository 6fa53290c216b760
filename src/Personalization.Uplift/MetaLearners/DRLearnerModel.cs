using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="DRLearner"/>: one effect model per treatment arm.</summary>
/// <remarks>τ<sub>a</sub>(x) is the prediction of arm a's effect model. Immutable and thread-safe.</remarks>
public sealed class DRLearnerModel : ArmEffectUpliftModel, IPersistableModel<DRLearnerModel>
{
    internal DRLearnerModel(int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models, double[]? poorOverlapShare = null)
        : this(new ArmEffectModels(featureCount, armNames, models, poorOverlapShare))
    {
    }

    private DRLearnerModel(ArmEffectModels effects)
        : base(effects, PersistedModelType)
    {
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "DRLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Reads a payload written by <see cref="ArmEffectUpliftModel.WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static DRLearnerModel ReadPayload(JsonElement payload, int formatVersion) => new(ArmEffectModels.ReadPayload(payload, "DR-learner"));
}
