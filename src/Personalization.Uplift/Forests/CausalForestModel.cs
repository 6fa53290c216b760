using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Forests.Internal;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

/// <summary>
/// A fitted <see cref="CausalForest"/>: honest causal trees whose nodes hold the means of the residualised
/// treatment w̃ and outcome ỹ of their estimation rows, with pointwise variances and the doubly robust average effect.
/// </summary>
/// <remarks>
/// τ̂(x) = (A<sub>w̃ỹ</sub> − A<sub>w̃</sub>A<sub>ỹ</sub>)/(A<sub>w̃w̃</sub> − A<sub>w̃</sub>²) with A the forest mean of the leaf means (see
/// <see cref="CausalForest"/>). Prediction needs no nuisance model: the residuals are summarised in the leaves.
/// Immutable and thread-safe.
/// </remarks>
public sealed partial class CausalForestModel : IUpliftModel, IPersistableModel<CausalForestModel>
{
    private readonly ForestNodes _nodes;
    private readonly double[] _stats;
    private readonly string[] _armNames;
    private readonly int[] _correction;

    /// <summary>The statistics per node: the count, then <see cref="_leafStats"/> means.</summary>
    private readonly int _statCount;

    /// <summary>The leaf means a tree contributes: w̃, ỹ, w̃ỹ, w̃², then the linear correction moments.</summary>
    private readonly int _leafStats;

    internal CausalForestModel(CausalForestOptions options, int featureCount, IReadOnlyList<string> armNames, ForestNodes nodes, double[] stats, int[] correctionFeatures, double averageEffect, double averageEffectStandardError)
    {
        Options = options;
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _nodes = nodes;
        _stats = stats;
        _correction = correctionFeatures;
        _statCount = CausalTreeBuilder.StatWidth(correctionFeatures.Length);
        _leafStats = _statCount - 1;
        AverageEffect = averageEffect;
        AverageEffectStandardError = averageEffectStandardError;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "CausalForestModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with; a loaded model has no <see cref="CausalForestOptions.OutcomeLearner"/> or <see cref="CausalForestOptions.PropensityLearner"/> (they are not saved).</summary>
    public CausalForestOptions Options { get; }

    /// <inheritdoc />
    /// <value>Always 1: the forest estimates one binary treatment against the control.</value>
    public int ArmCount => 1;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of the control and the treatment.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets the number of trees.</summary>
    public int TreeCount => _nodes.TreeCount;

    /// <summary>Gets the features of the local linear correction (column indices, ascending); empty when <see cref="CausalForestOptions.LinearCorrection"/> is off or the lasso kept none.</summary>
    public IReadOnlyList<int> LinearCorrectionFeatures => _correction;

    /// <summary>Gets the total number of nodes over all trees.</summary>
    public int NodeCount => _nodes.NodeCount;

    /// <summary>Gets the doubly robust (AIPW) average treatment effect over the training rows, from out-of-bag effects.</summary>
    public double AverageEffect { get; }

    /// <summary>Gets the standard error of <see cref="AverageEffect"/>, sd(Γ)/√n; a 95% interval is AverageEffect ± 1.96 · AverageEffectStandardError.</summary>
    public double AverageEffectStandardError { get; }

    /// <inheritdoc />
    /// <remarks>effects[r] = τ̂(x<sub>r</sub>).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, 1, effects.Length);
        var result = new double[features.RowCount];
        PredictCore(features, result, null);
        result.CopyTo(effects);
    }

    /// <summary>Predicts every row's effect and the variance of that estimate (bootstrap of little bags).</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="effects">Receives τ̂(x<sub>r</sub>) for every row.</param>
    /// <param name="variances">Receives the estimated variance of τ̂(x<sub>r</sub>) for every row (positive).</param>
    /// <exception cref="ArgumentException">The column count differs, a destination is too short, or the data is not finite.</exception>
    public void PredictEffectsWithVariance(FeatureMatrix<double> features, Span<double> effects, Span<double> variances)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, 1, effects.Length);
        CheckDestination(variances.Length, features.RowCount, nameof(variances));
        var e = new double[features.RowCount];
        var v = new double[features.RowCount];
        PredictCore(features, e, v);
        e.CopyTo(effects);
        v.CopyTo(variances);
    }

    /// <summary>Predicts a normal-approximation confidence interval τ̂(x) ± z·√V̂(x) for every row's effect.</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="confidenceLevel">The coverage, for example 0.95.</param>
    /// <param name="lower">Receives the lower bound of every row.</param>
    /// <param name="upper">Receives the upper bound of every row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">The column count differs, a destination is too short, or the data is not finite.</exception>
    public void PredictIntervals(FeatureMatrix<double> features, double confidenceLevel, Span<double> lower, Span<double> upper)
    {
        Validation.Guard.OpenUnitInterval(confidenceLevel, nameof(confidenceLevel));
        ArgumentNullException.ThrowIfNull(features);
        CheckDestination(lower.Length, features.RowCount, nameof(lower));
        CheckDestination(upper.Length, features.RowCount, nameof(upper));
        MetaLearnerSupport.CheckPredict(features, FeatureCount, 1, lower.Length);
        var e = new double[features.RowCount];
        var v = new double[features.RowCount];
        PredictCore(features, e, v);
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + (confidenceLevel / 2));
        for (int r = 0; r < e.Length; r++)
        {
            double half = z * Math.Sqrt(v[r]);
            lower[r] = e[r] - half;
            upper[r] = e[r] + half;
        }
    }

    private static void CheckDestination(int length, int rows, string name)
    {
        if (length < rows)
        {
            throw new ArgumentException($"{name} has length {length} but there are {rows} rows; pass one entry per row.", name);
        }
    }

    internal CausalForestModel WithAverageEffect(double effect, double standardError) =>
        new(Options, FeatureCount, _armNames, _nodes, _stats, _correction, effect, standardError);
    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing, malformed or inconsistent.</exception>
    public static CausalForestModel ReadPayload(JsonElement payload, int formatVersion)
    {
        var options = new CausalForestOptions
        {
            TreeCount = ModelJson.GetInt32(payload, "treeCount"),
            ConfidenceGroupSize = ModelJson.GetInt32(payload, "confidenceGroupSize"),
            SampleFraction = ModelJson.GetDouble(payload, "sampleFraction"),
            Honest = ModelJson.GetBoolean(payload, "honest"),
            HonestyFraction = ModelJson.GetDouble(payload, "honestyFraction"),
            MinNodeSize = ModelJson.GetInt32(payload, "minNodeSize"),
            ImbalanceAlpha = ModelJson.GetDouble(payload, "imbalanceAlpha"),
            FeaturesPerSplit = ModelJson.GetInt32(payload, "featuresPerSplit"),
            MaxDepth = ModelJson.GetInt32(payload, "maxDepth"),
            MaxBins = ModelJson.GetInt32(payload, "maxBins"),
            Propensity = (PropensityMode)ModelJson.GetInt32(payload, "propensity"),
            KnownPropensity = payload.TryGetProperty("knownPropensity", out _) ? ModelJson.GetDouble(payload, "knownPropensity") : null,
            PropensityClip = ModelJson.GetDouble(payload, "propensityClip"),
            FoldCount = ModelJson.GetInt32(payload, "foldCount"),
            Seed = ModelJson.GetInt32(payload, "seed"),
            MaxDegreeOfParallelism = ModelJson.GetInt32(payload, "maxDegreeOfParallelism"),
            LinearCorrection = payload.TryGetProperty("linearCorrection", out _) && ModelJson.GetBoolean(payload, "linearCorrection"),
            MaxLinearCorrectionFeatures = payload.TryGetProperty("maxLinearCorrectionFeatures", out _) ? ModelJson.GetInt32(payload, "maxLinearCorrectionFeatures") : 4,
            LinearCorrectionPenalty = payload.TryGetProperty("linearCorrectionPenalty", out _) ? ModelJson.GetDouble(payload, "linearCorrectionPenalty") : 0.1,
        };
        ModelJson.CheckOptions(options, "The saved causal forest has invalid options");

        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        if (featureCount < 1 || names.Length != 2)
        {
            throw new InvalidDataException("The saved causal forest needs at least one feature and exactly two arm names (control and treatment).");
        }

        ForestNodes nodes = ForestNodes.Read(payload, featureCount, "causal forest");
        if (nodes.TreeCount != options.TreeCount)
        {
            throw new InvalidDataException($"The saved causal forest has {nodes.TreeCount} trees but its field \"treeCount\" says {options.TreeCount}.");
        }

        int[] correction = payload.TryGetProperty("linearCorrectionFeatures", out _) ? ModelJson.GetInt32Array(payload, "linearCorrectionFeatures") : [];
        if ((correction.Length > 0 && !options.LinearCorrection) || correction.Length > options.MaxLinearCorrectionFeatures)
        {
            throw new InvalidDataException($"The saved causal forest has {correction.Length} linear correction features but linearCorrection is {options.LinearCorrection} and maxLinearCorrectionFeatures is {options.MaxLinearCorrectionFeatures}.");
        }

        for (int j = 0; j < correction.Length; j++)
        {
            if (correction[j] < 0 || correction[j] >= featureCount || (j > 0 && correction[j] <= correction[j - 1]))
            {
                throw new InvalidDataException($"The saved causal forest's linearCorrectionFeatures must be ascending distinct feature indices below {featureCount}; entry {j} is {correction[j]}.");
            }
        }

        int statCount = CausalTreeBuilder.StatWidth(correction.Length);
        double[] stats = ModelJson.GetFiniteDoubleArray(payload, "stats");
        ModelJson.CheckCount("stats", stats.Length, $"nodes x {statCount}", nodes.NodeCount * statCount);
        for (int i = 0; i < nodes.NodeCount; i++)
        {
            double count = stats[i * statCount], mww = stats[(i * statCount) + 4];
            if (count < 0 || count != Math.Floor(count) || mww < 0)
            {
                throw new InvalidDataException($"The saved causal forest has invalid statistics at node {i}.");
            }
        }

        foreach (int root in nodes.Roots)
        {
            if (stats[root * statCount] <= 0)
            {
                throw new InvalidDataException($"The saved causal forest has a tree root {root} without estimation rows.");
            }
        }

        double ate = ModelJson.GetFiniteDouble(payload, "averageEffect");
        double se = ModelJson.GetFiniteDouble(payload, "averageEffectStandardError");
        if (se < 0)
        {
            throw new InvalidDataException($"The saved causal forest has a negative averageEffectStandardError {se}.");
        }

        return new CausalForestModel(options, featureCount, names, nodes, stats, correction, ate, se);
    }

    /// <summary>Writes the model's payload (the options without the nuisance learners, the trees and their node statistics).</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CausalForestOptions o = Options;
        writer.WriteStartObject();
        writer.WriteNumber("treeCount", o.TreeCount);
        writer.WriteNumber("confidenceGroupSize", o.ConfidenceGroupSize);
        ModelJson.WriteDouble(writer, "sampleFraction", o.SampleFraction);
        writer.WriteBoolean("honest", o.Honest);
        ModelJson.WriteDouble(writer, "honestyFraction", o.HonestyFraction);
        writer.WriteNumber("minNodeSize", o.MinNodeSize);
        ModelJson.WriteDouble(writer, "imbalanceAlpha", o.ImbalanceAlpha);
        writer.WriteNumber("featuresPerSplit", o.FeaturesPerSplit);
        writer.WriteNumber("maxDepth", o.MaxDepth);
        writer.WriteNumber("maxBins", o.MaxBins);
        writer.WriteNumber("propensity", (int)o.Propensity);
        if (o.KnownPropensity is double known)
        {
            ModelJson.WriteDouble(writer, "knownPropensity", known);
        }

        ModelJson.WriteDouble(writer, "propensityClip", o.PropensityClip);
        writer.WriteNumber("foldCount", o.FoldCount);
        writer.WriteNumber("seed", o.Seed);
        writer.WriteNumber("maxDegreeOfParallelism", o.MaxDegreeOfParallelism);
        writer.WriteBoolean("linearCorrection", o.LinearCorrection);
        writer.WriteNumber("maxLinearCorrectionFeatures", o.MaxLinearCorrectionFeatures);
        ModelJson.WriteDouble(writer, "linearCorrectionPenalty", o.LinearCorrectionPenalty);
        ModelJson.WriteArray(writer, "linearCorrectionFeatures", _correction);
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteArray(writer, "armNames", _armNames);
        ModelJson.WriteDouble(writer, "averageEffect", AverageEffect);
        ModelJson.WriteDouble(writer, "averageEffectStandardError", AverageEffectStandardError);
        _nodes.Write(writer);
        ModelJson.WriteArray<double>(writer, "stats", _stats);
        writer.WriteEndObject();
    }
}
