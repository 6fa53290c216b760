using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="XLearner"/>: per arm, two effect models blended by the propensity.</summary>
/// <remarks>τ<sub>a</sub>(x) = e<sub>a</sub>(x)·τ⁰<sub>a</sub>(x) + (1 − e<sub>a</sub>(x))·τ¹<sub>a</sub>(x). Immutable and thread-safe.</remarks>
public sealed class XLearnerModel : IUpliftModel, IPersistableModel<XLearnerModel>
{
    private readonly string[] _armNames;
    private readonly IBaseModel[] _controlEffect;
    private readonly IBaseModel[] _treatedEffect;
    private readonly IBaseModel?[] _propensity;
    private readonly double[] _constant;
    private readonly double[] _poorOverlapShare;

    internal XLearnerModel(XLearnerOptions options, int featureCount, IReadOnlyList<string> armNames, IBaseModel[] controlEffect, IBaseModel[] treatedEffect, IBaseModel?[] propensity, double[] constant, double clip, double[]? poorOverlapShare = null)
    {
        if (poorOverlapShare is null)
        {
            poorOverlapShare = new double[constant.Length];
            Array.Fill(poorOverlapShare, double.NaN);
        }

        _poorOverlapShare = poorOverlapShare;
        Options = options;
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _controlEffect = controlEffect;
        _treatedEffect = treatedEffect;
        _propensity = propensity;
        _constant = constant;
        PropensityClip = clip;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "XLearnerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>
    /// Gets the options the model was fitted with. A loaded model rebuilds them from the payload: the effect and propensity
    /// learners from the saved base models' options, <see cref="CrossFittedLearnerOptions.OutcomeLearner"/> is <see langword="null"/>
    /// (the first-stage models are not saved); a format-1 payload also lacks the known propensity, cross-fitting, fold count
    /// and seed, which read as their defaults, and its propensity mode is inferred from the saved propensity models.
    /// </summary>
    public XLearnerOptions Options { get; }

    /// <inheritdoc />
    public int ArmCount => _armNames.Length - 1;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets the effect models fitted on control units (τ⁰), one per treatment arm.</summary>
    public IReadOnlyList<IBaseModel> ControlEffectModels => _controlEffect;

    /// <summary>Gets the effect models fitted on treated units (τ¹), one per treatment arm.</summary>
    public IReadOnlyList<IBaseModel> TreatedEffectModels => _treatedEffect;

    /// <summary>Gets the propensity model of each arm, or <see langword="null"/> where the propensity is constant.</summary>
    public IReadOnlyList<IBaseModel?> PropensityModels => _propensity;

    /// <summary>Gets the constant propensity of each arm (used where there is no propensity model).</summary>
    public IReadOnlyList<double> ConstantPropensities => _constant;

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
    public IReadOnlyList<double> PoorOverlapShare => _poorOverlapShare;

    /// <summary>Gets the clipping applied to estimated propensities.</summary>
    public double PropensityClip { get; }

    /// <inheritdoc />
    /// <remarks>effects[r · m + a − 1] = e·τ⁰<sub>a</sub>(x<sub>r</sub>) + (1 − e)·τ¹<sub>a</sub>(x<sub>r</sub>).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount, effects.Length);
        int m = ArmCount;
        for (int a = 0; a < m; a++)
        {
            double[] t0 = MetaLearnerSupport.Predict(_controlEffect[a], features);
            double[] t1 = MetaLearnerSupport.Predict(_treatedEffect[a], features);
            double[] e = MetaLearnerSupport.Propensity(_propensity[a], _constant[a], PropensityClip, features);
            for (int r = 0; r < t0.Length; r++)
            {
                effects[(r * m) + a] = (e[r] * t0[r]) + ((1 - e[r]) * t1[r]);
            }
        }
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static XLearnerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        IBaseModel[] t0 = BaseModelJson.RequireAll(BaseModelJson.ReadModels(payload, "controlEffectModels"), "controlEffectModels");
        IBaseModel[] t1 = BaseModelJson.RequireAll(BaseModelJson.ReadModels(payload, "treatedEffectModels"), "treatedEffectModels");
        IBaseModel?[] e = BaseModelJson.ReadModels(payload, "propensityModels");
        double[] constant = ModelJson.GetDoubleArray(payload, "constantPropensities");
        int m = names.Length - 1;
        if (m < 1 || t0.Length != m || t1.Length != m || e.Length != m || constant.Length != m)
        {
            throw new InvalidDataException("The saved X-learner needs two effect models, a propensity entry and a constant per treatment arm.");
        }

        BaseModelJson.CheckFeatureCount(t0.Concat(t1).Concat(e), featureCount);
        double clip = ModelJson.GetDouble(payload, "propensityClip");
        if (!(clip > 0 && clip < 0.5) || Array.Exists(constant, p => !(p > 0 && p < 1)))
        {
            throw new InvalidDataException("The saved X-learner's \"propensityClip\" must be in (0, 0.5) and every \"constantPropensities\" value in (0, 1).");
        }

        SavedMetaOptions saved = MetaOptionsJson.Read(payload, "X-learner")
            ?? new SavedMetaOptions(Array.Exists(e, p => p is not null) ? PropensityMode.Estimated : PropensityMode.Constant, null, clip, null, null, null);
        var learners = new XLearnerOptions
        {
            EffectLearner = FittedLearner.Of(t0[0]),
            PropensityLearner = Array.Find(e, p => p is not null) is IBaseModel pm ? FittedLearner.Of(pm) : null,
        };
        XLearnerOptions options = MetaOptionsJson.Apply(learners, saved);
        return new XLearnerModel(options, featureCount, names, t0, t1, e, constant, clip, OverlapJson.Read(payload, m, "X-learner"));
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
        BaseModelJson.WriteModels(writer, "controlEffectModels", _controlEffect);
        BaseModelJson.WriteModels(writer, "treatedEffectModels", _treatedEffect);
        BaseModelJson.WriteModels(writer, "propensityModels", _propensity);
        ModelJson.WriteArray<double>(writer, "constantPropensities", _constant);
        ModelJson.WriteDouble(writer, "propensityClip", PropensityClip);
        OverlapJson.Write(writer, _poorOverlapShare);
        MetaOptionsJson.Write(writer, MetaOptionsJson.From(Options));
        writer.WriteEndObject();
    }
}
