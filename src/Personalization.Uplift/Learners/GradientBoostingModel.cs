using System.Text.Json;
using Personalization.Internal;
using Personalization.Persistence;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>A fitted <see cref="GradientBoosting"/> ensemble.</summary>
/// <remarks>
/// raw(x) = <see cref="BaseScore"/> + Σ<sub>trees</sub> leaf(x); the prediction is raw(x) for squared
/// error and σ(raw(x)) for the logistic objective. A node sends x left when x[feature] ≤ threshold.
/// Immutable and thread-safe.
/// </remarks>
public sealed class GradientBoostingModel : IBaseModel, IPersistableModel<GradientBoostingModel>
{
    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _value;

    internal GradientBoostingModel(GradientBoostingOptions options, int featureCount, double baseScore, int[] roots, int[] feature, double[] threshold, int[] left, int[] right, double[] value)
    {
        Options = options;
        FeatureCount = featureCount;
        BaseScore = baseScore;
        _roots = roots;
        _feature = feature;
        _threshold = threshold;
        _left = left;
        _right = right;
        _value = value;
        foreach (int f in feature)
        {
            SplitCount += f >= 0 ? 1 : 0;
        }
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "GradientBoostingModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public GradientBoostingOptions Options { get; }

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the initial raw score (mean, or log-odds of the mean for the logistic objective).</summary>
    public double BaseScore { get; }

    /// <summary>Gets the number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>Gets the total number of nodes over all trees.</summary>
    public int NodeCount => _feature.Length;

    /// <summary>Gets the number of split (internal) nodes over all trees.</summary>
    /// <value>0 when no leaf could be split (too few rows for <see cref="GradientBoostingOptions.MinSamplesLeaf"/>, constant features, or no gain): then <see cref="IsConstant"/> is <see langword="true"/>.</value>
    public int SplitCount { get; }

    /// <summary>Gets whether the ensemble predicts one value for every row: no tree has a split, so the prediction is <see cref="BaseScore"/> plus the sum of the root leaves.</summary>
    /// <value><see langword="true"/> when <see cref="SplitCount"/> is 0. An uplift model built on constant outcome models predicts the same effect for everyone; do not rank or target by it.</value>
    public bool IsConstant => SplitCount == 0;

    /// <inheritdoc />
    public void Predict(FeatureMatrix<double> features, Span<double> predictions)
    {
        LearnerChecks.PredictInput(features, FeatureCount, predictions.Length, nameof(predictions));
        int n = features.RowCount, d = FeatureCount;
        bool logistic = Options.Objective == GradientBoostingObjective.Logistic;
        var result = new double[n];
        ReadOnlyMemory<double> values = features.AsMemory();
        const int Chunk = 2048;
        int chunks = (n + Chunk - 1) / Chunk;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism == 0 ? -1 : Options.MaxDegreeOfParallelism };
        ChunkParallel.For(chunks, parallel, c =>
        {
            ReadOnlySpan<double> v = values.Span;
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int r = c * Chunk; r < end; r++)
            {
                ReadOnlySpan<double> row = v.Slice(r * d, d);
                double raw = BaseScore;
                foreach (int root in _roots)
                {
                    int node = root;
                    while (_feature[node] >= 0)
                    {
                        node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
                    }

                    raw += _value[node];
                }

                result[r] = logistic ? LogisticRegression.Sigmoid(raw) : raw;
            }
        });
        result.CopyTo(predictions);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing, malformed or inconsistent.</exception>
    public static GradientBoostingModel ReadPayload(JsonElement payload, int formatVersion)
    {
        var options = new GradientBoostingOptions
        {
            Objective = (GradientBoostingObjective)ModelJson.GetInt32(payload, "objective"),
            TreeCount = ModelJson.GetInt32(payload, "treeCount"),
            LearningRate = ModelJson.GetDouble(payload, "learningRate"),
            MaxDepth = ModelJson.GetInt32(payload, "maxDepth"),
            MinSamplesLeaf = ModelJson.GetInt32(payload, "minSamplesLeaf"),
            L2Regularization = ModelJson.GetDouble(payload, "l2Regularization"),
            MaxBins = ModelJson.GetInt32(payload, "maxBins"),
            Subsample = ModelJson.GetDouble(payload, "subsample"),
            Seed = ModelJson.GetInt32(payload, "seed"),
            MaxDegreeOfParallelism = ModelJson.GetInt32(payload, "maxDegreeOfParallelism"),
        };
        GradientBoosting.Validate(options);
        int[] roots = ModelJson.GetInt32Array(payload, "roots");
        int[] feature = ModelJson.GetInt32Array(payload, "feature");
        double[] threshold = ModelJson.GetDoubleArray(payload, "threshold");
        int[] left = ModelJson.GetInt32Array(payload, "left");
        int[] right = ModelJson.GetInt32Array(payload, "right");
        double[] value = ModelJson.GetFiniteDoubleArray(payload, "value");
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        ModelJson.CheckCount("trees in \"roots\"", roots.Length, "treeCount", options.TreeCount);
        if (featureCount < 1)
        {
            throw new InvalidDataException($"The saved gradient boosting model field \"featureCount\" is {featureCount}; it must be at least 1.");
        }
        int nodes = feature.Length;
        if (threshold.Length != nodes || left.Length != nodes || right.Length != nodes || value.Length != nodes)
        {
            throw new InvalidDataException("The saved gradient boosting model has node arrays of different lengths.");
        }

        for (int i = 0; i < nodes; i++)
        {
            if (feature[i] >= featureCount || (feature[i] >= 0 && (!double.IsFinite(threshold[i]) || (uint)left[i] >= (uint)nodes || (uint)right[i] >= (uint)nodes || left[i] <= i || right[i] <= i)))
            {
                throw new InvalidDataException($"The saved gradient boosting model has an invalid node {i}.");
            }
        }

        foreach (int root in roots)
        {
            if ((uint)root >= (uint)nodes)
            {
                throw new InvalidDataException($"The saved gradient boosting model has an invalid root {root}.");
            }
        }

        return new GradientBoostingModel(options, featureCount, ModelJson.GetFiniteDouble(payload, "baseScore"), roots, feature, threshold, left, right, value);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        GradientBoostingOptions o = Options;
        writer.WriteStartObject();
        writer.WriteNumber("objective", (int)o.Objective);
        writer.WriteNumber("treeCount", o.TreeCount);
        ModelJson.WriteDouble(writer, "learningRate", o.LearningRate);
        writer.WriteNumber("maxDepth", o.MaxDepth);
        writer.WriteNumber("minSamplesLeaf", o.MinSamplesLeaf);
        ModelJson.WriteDouble(writer, "l2Regularization", o.L2Regularization);
        writer.WriteNumber("maxBins", o.MaxBins);
        ModelJson.WriteDouble(writer, "subsample", o.Subsample);
        writer.WriteNumber("seed", o.Seed);
        writer.WriteNumber("maxDegreeOfParallelism", o.MaxDegreeOfParallelism);
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteDouble(writer, "baseScore", BaseScore);
        ModelJson.WriteArray(writer, "roots", _roots);
        ModelJson.WriteArray(writer, "feature", _feature);
        ModelJson.WriteArray<double>(writer, "threshold", _threshold);
        ModelJson.WriteArray(writer, "left", _left);
        ModelJson.WriteArray(writer, "right", _right);
        ModelJson.WriteArray<double>(writer, "value", _value);
        writer.WriteEndObject();
    }
}
