using System.Text.Json;
using Personalization.Internal;
using Personalization.Persistence;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>A fitted <see cref="RandomForest"/>.</summary>
/// <remarks>
/// prediction(x) = (1/T) Σ<sub>trees</sub> leaf(x): a conditional mean, or P(y = 1) for a classifier.
/// A node sends x left when x[feature] ≤ threshold. Immutable and thread-safe.
/// </remarks>
public sealed class RandomForestModel : IBaseModel, IPersistableModel<RandomForestModel>
{
    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _value;

    internal RandomForestModel(RandomForestOptions options, int featureCount, int[] roots, int[] feature, double[] threshold, int[] left, int[] right, double[] value, double outOfBagError)
    {
        OutOfBagError = outOfBagError;
        Options = options;
        FeatureCount = featureCount;
        _roots = roots;
        _feature = feature;
        _threshold = threshold;
        _left = left;
        _right = right;
        _value = value;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "RandomForestModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public RandomForestOptions Options { get; }

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>Gets the total number of nodes over all trees.</summary>
    public int NodeCount => _feature.Length;

    /// <summary>
    /// Gets the out-of-bag error: the mean squared difference between each training row's target and
    /// the mean prediction of the trees whose sample did not hold it, over the rows left out by at
    /// least one tree (for a classifier, the Brier score). NaN when no row was left out (no bootstrap
    /// and <see cref="RandomForestOptions.SampleFraction"/> = 1, or very few trees).
    /// </summary>
    public double OutOfBagError { get; }

    /// <inheritdoc />
    public void Predict(FeatureMatrix<double> features, Span<double> predictions)
    {
        LearnerChecks.PredictInput(features, FeatureCount, predictions.Length, nameof(predictions));
        int n = features.RowCount, d = FeatureCount;
        var result = new double[n];
        ReadOnlyMemory<double> values = features.AsMemory();
        const int Chunk = 1024;
        int chunks = (n + Chunk - 1) / Chunk;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism == 0 ? -1 : Options.MaxDegreeOfParallelism };
        double scale = 1.0 / _roots.Length;
        ChunkParallel.For(chunks, parallel, c =>
        {
            ReadOnlySpan<double> v = values.Span;
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int r = c * Chunk; r < end; r++)
            {
                ReadOnlySpan<double> row = v.Slice(r * d, d);
                double sum = 0;
                foreach (int root in _roots)
                {
                    int node = root;
                    while (_feature[node] >= 0)
                    {
                        node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
                    }

                    sum += _value[node];
                }

                result[r] = sum * scale;
            }
        });
        result.CopyTo(predictions);
    }

    internal RandomForestModel WithOutOfBagError(double error) => new(Options, FeatureCount, _roots, _feature, _threshold, _left, _right, _value, error);

    /// <summary>The leaf value of tree <paramref name="tree"/> for <paramref name="row"/>.</summary>
    internal double PredictTree(int tree, ReadOnlySpan<double> row)
    {
        int node = _roots[tree];
        while (_feature[node] >= 0)
        {
            node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        }

        return _value[node];
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing, malformed or inconsistent.</exception>
    public static RandomForestModel ReadPayload(JsonElement payload, int formatVersion)
    {
        var options = new RandomForestOptions
        {
            Task = (RandomForestTask)ModelJson.GetInt32(payload, "task"),
            TreeCount = ModelJson.GetInt32(payload, "treeCount"),
            MaxDepth = ModelJson.GetInt32(payload, "maxDepth"),
            MinSamplesLeaf = ModelJson.GetInt32(payload, "minSamplesLeaf"),
            FeaturesPerSplit = ModelJson.GetInt32(payload, "featuresPerSplit"),
            Bootstrap = ModelJson.GetInt32(payload, "bootstrap") != 0,
            SampleFraction = ModelJson.GetDouble(payload, "sampleFraction"),
            MaxBins = ModelJson.GetInt32(payload, "maxBins"),
            Seed = ModelJson.GetInt32(payload, "seed"),
            MaxDegreeOfParallelism = ModelJson.GetInt32(payload, "maxDegreeOfParallelism"),
        };
        int[] roots = ModelJson.GetInt32Array(payload, "roots");
        int[] feature = ModelJson.GetInt32Array(payload, "feature");
        double[] threshold = ModelJson.GetDoubleArray(payload, "threshold");
        int[] left = ModelJson.GetInt32Array(payload, "left");
        int[] right = ModelJson.GetInt32Array(payload, "right");
        double[] value = ModelJson.GetDoubleArray(payload, "value");
        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        int nodes = feature.Length;
        if (threshold.Length != nodes || left.Length != nodes || right.Length != nodes || value.Length != nodes)
        {
            throw new InvalidDataException("The saved random forest has node arrays of different lengths.");
        }

        for (int i = 0; i < nodes; i++)
        {
            if (feature[i] >= featureCount || (feature[i] >= 0 && ((uint)left[i] >= (uint)nodes || (uint)right[i] >= (uint)nodes || left[i] <= i || right[i] <= i)))
            {
                throw new InvalidDataException($"The saved random forest has an invalid node {i}.");
            }
        }

        if (roots.Length == 0)
        {
            throw new InvalidDataException("The saved random forest has no trees.");
        }

        foreach (int root in roots)
        {
            if ((uint)root >= (uint)nodes)
            {
                throw new InvalidDataException($"The saved random forest has an invalid root {root}.");
            }
        }

        return new RandomForestModel(options, featureCount, roots, feature, threshold, left, right, value, ModelJson.GetDouble(payload, "outOfBagError"));
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        RandomForestOptions o = Options;
        writer.WriteStartObject();
        writer.WriteNumber("task", (int)o.Task);
        writer.WriteNumber("treeCount", o.TreeCount);
        writer.WriteNumber("maxDepth", o.MaxDepth);
        writer.WriteNumber("minSamplesLeaf", o.MinSamplesLeaf);
        writer.WriteNumber("featuresPerSplit", o.FeaturesPerSplit);
        writer.WriteNumber("bootstrap", o.Bootstrap ? 1 : 0);
        ModelJson.WriteDouble(writer, "sampleFraction", o.SampleFraction);
        writer.WriteNumber("maxBins", o.MaxBins);
        writer.WriteNumber("seed", o.Seed);
        writer.WriteNumber("maxDegreeOfParallelism", o.MaxDegreeOfParallelism);
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteDouble(writer, "outOfBagError", OutOfBagError);
        ModelJson.WriteArray(writer, "roots", _roots);
        ModelJson.WriteArray(writer, "feature", _feature);
        ModelJson.WriteArray<double>(writer, "threshold", _threshold);
        ModelJson.WriteArray(writer, "left", _left);
        ModelJson.WriteArray(writer, "right", _right);
        ModelJson.WriteArray<double>(writer, "value", _value);
        writer.WriteEndObject();
    }
}
