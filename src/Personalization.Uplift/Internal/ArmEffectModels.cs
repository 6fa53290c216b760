using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Internal;

/// <summary>
/// The state of a meta-model whose final stage is one effect model per treatment arm (DR- and R-learner):
/// prediction into the row-major effects layout and the shared payload. Immutable and thread-safe.
/// </summary>
internal sealed class ArmEffectModels
{
    private readonly string[] _armNames;
    private readonly IBaseModel[] _models;
    private readonly double[] _poorOverlapShare;

    /// <param name="featureCount">The number of features.</param>
    /// <param name="armNames">The names of arms 0..m.</param>
    /// <param name="models">One effect model per treatment arm.</param>
    /// <param name="poorOverlapShare">Per treatment arm, the share of training rows with propensity outside [0.05, 0.95]; null when not recorded (NaN per arm).</param>
    public ArmEffectModels(int featureCount, IReadOnlyList<string> armNames, IBaseModel[] models, double[]? poorOverlapShare = null)
    {
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _models = models;
        if (poorOverlapShare is null)
        {
            poorOverlapShare = new double[models.Length];
            Array.Fill(poorOverlapShare, double.NaN);
        }

        _poorOverlapShare = poorOverlapShare;
    }

    public IReadOnlyList<double> PoorOverlapShare => _poorOverlapShare;

    public int FeatureCount { get; }

    public int ArmCount => _models.Length;

    public IReadOnlyList<string> ArmNames => _armNames;

    public IReadOnlyList<IBaseModel> Models => _models;

    /// <summary>effects[r · m + a − 1] = τ<sub>a</sub>(x<sub>r</sub>).</summary>
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

    public void WritePayload(Utf8JsonWriter writer, SavedMetaOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteArray(writer, "armNames", _armNames);
        BaseModelJson.WriteModels(writer, "effectModels", _models);
        OverlapJson.Write(writer, _poorOverlapShare);
        MetaOptionsJson.Write(writer, options);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>; <paramref name="learner"/> names the learner in messages.</summary>
    public static ArmEffectModels ReadPayload(JsonElement payload, string learner)
    {
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        IBaseModel[] models = BaseModelJson.RequireAll(BaseModelJson.ReadModels(payload, "effectModels"), "effectModels");
        if (models.Length < 1 || names.Length != models.Length + 1)
        {
            throw new InvalidDataException($"The saved {learner} needs one effect model per treatment arm and one name per arm, control included.");
        }

        BaseModelJson.CheckFeatureCount(models, featureCount);
        return new ArmEffectModels(featureCount, names, models, OverlapJson.Read(payload, models.Length, learner));
    }
}
