using System.Text.Json;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The shared shape of the fitted meta-learners that regress one effect model per treatment arm on pseudo-outcomes
/// (<see cref="DRLearnerModel"/>, <see cref="RLearnerModel"/>): τ<sub>a</sub>(x) is the prediction of arm a's effect model.
/// </summary>
/// <remarks>Only this package derives from it. Immutable and thread-safe.</remarks>
public abstract class ArmEffectUpliftModel : IUpliftModel
{
    private readonly ArmEffectModels _effects;
    private readonly CrossFittedLearnerOptions _options;

    private protected ArmEffectUpliftModel(CrossFittedLearnerOptions options, ArmEffectModels effects, string modelType)
    {
        _options = options;
        _effects = effects;
        ModelType = modelType;
    }

    /// <inheritdoc />
    public string ModelType { get; }

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

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="NotSupportedException">A base model is not one of the built-in, persistable types.</exception>
    public void WritePayload(Utf8JsonWriter writer) => _effects.WritePayload(writer, MetaOptionsJson.From(_options));
}
