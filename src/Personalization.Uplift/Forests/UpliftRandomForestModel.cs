using System.Text.Json;
using Personalization.Internal;
using Personalization.Persistence;
using Personalization.Uplift.Forests.Internal;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

/// <summary>A fitted <see cref="UpliftRandomForest"/>: trees whose leaves hold the response rate of every arm.</summary>
/// <remarks>
/// τ<sub>a</sub>(x) = (1/T) Σ<sub>trees</sub> [p<sub>a</sub>(leaf(x)) − p<sub>0</sub>(leaf(x))]. A node sends x left when
/// x[feature] ≤ threshold. Immutable and thread-safe.
/// </remarks>
public sealed class UpliftRandomForestModel : IUpliftModel, IPersistableModel<UpliftRandomForestModel>
{
    private readonly ForestNodes _nodes;
    private readonly double[] _rate;
    private readonly string[] _armNames;

    internal UpliftRandomForestModel(UpliftRandomForestOptions options, int featureCount, IReadOnlyList<string> armNames, ForestNodes nodes, double[] rate)
    {
        Options = options;
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _nodes = nodes;
        _rate = rate;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "UpliftRandomForestModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public UpliftRandomForestOptions Options { get; }

    /// <inheritdoc />
    public int ArmCount => _armNames.Length - 1;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets the number of trees.</summary>
    public int TreeCount => _nodes.TreeCount;

    /// <summary>Gets the total number of nodes over all trees.</summary>
    public int NodeCount => _nodes.NodeCount;

    /// <inheritdoc />
    /// <remarks>effects[r · m + a − 1] = (1/T) Σ<sub>trees</sub> p<sub>a</sub>(leaf) − p<sub>0</sub>(leaf).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount, effects.Length);
        int m = ArmCount;
        var result = new double[features.RowCount * m];
        Predict(features, m, result, (row, sum, scale) =>
        {
            for (int a = 1; a <= m; a++)
            {
                row[a - 1] = (sum[a] - sum[0]) * scale;
            }
        });
        result.CopyTo(effects);
    }

    /// <summary>Predicts the response rate of every row under every arm, control included.</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="outcomes">Receives RowCount x (ArmCount + 1) values, row-major: the forest mean of p<sub>k</sub>(leaf(x<sub>r</sub>)) at r · (m + 1) + k.</param>
    /// <exception cref="ArgumentException">The column count differs, the destination is too short, or the data is not finite.</exception>
    public void PredictOutcomes(FeatureMatrix<double> features, Span<double> outcomes)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, ArmCount + 1, outcomes.Length);
        int width = ArmCount + 1;
        var result = new double[features.RowCount * width];
        Predict(features, width, result, (row, sum, scale) =>
        {
            for (int k = 0; k < sum.Length; k++)
            {
                row[k] = sum[k] * scale;
            }
        });
        result.CopyTo(outcomes);
    }

    private delegate void RowWriter(Span<double> row, ReadOnlySpan<double> sum, double scale);

    private void Predict(FeatureMatrix<double> features, int width, double[] result, RowWriter write)
    {
        int n = features.RowCount, d = FeatureCount, arms = ArmCount + 1;
        ReadOnlyMemory<double> values = features.AsMemory();
        const int Chunk = 512;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism == 0 ? -1 : Options.MaxDegreeOfParallelism };
        double scale = 1.0 / _nodes.TreeCount;
        ChunkParallel.For((n + Chunk - 1) / Chunk, parallel, c =>
        {
            ReadOnlySpan<double> v = values.Span;
            var sum = new double[arms];
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int r = c * Chunk; r < end; r++)
            {
                ReadOnlySpan<double> row = v.Slice(r * d, d);
                Array.Clear(sum);
                for (int t = 0; t < _nodes.TreeCount; t++)
                {
                    int leaf = _nodes.Leaf(t, row);
                    for (int k = 0; k < arms; k++)
                    {
                        sum[k] += _rate[(leaf * arms) + k];
                    }
                }

                write(result.AsSpan(r * width, width), sum, scale);
            }
        });
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing, malformed or inconsistent.</exception>
    public static UpliftRandomForestModel ReadPayload(JsonElement payload, int formatVersion)
    {
        var options = new UpliftRandomForestOptions
        {
            Criterion = (UpliftSplitCriterion)ModelJson.GetInt32(payload, "criterion"),
            Normalization = ModelJson.GetBoolean(payload, "normalization"),
            TreeCount = ModelJson.GetInt32(payload, "treeCount"),
            MaxDepth = ModelJson.GetInt32(payload, "maxDepth"),
            MinSamplesLeaf = ModelJson.GetInt32(payload, "minSamplesLeaf"),
            MinArmSamplesLeaf = ModelJson.GetInt32(payload, "minArmSamplesLeaf"),
            RegularizationWeight = ModelJson.GetDouble(payload, "regularizationWeight"),
            Honest = ModelJson.GetBoolean(payload, "honest"),
            FeaturesPerSplit = ModelJson.GetInt32(payload, "featuresPerSplit"),
            Bootstrap = ModelJson.GetBoolean(payload, "bootstrap"),
            SampleFraction = ModelJson.GetDouble(payload, "sampleFraction"),
            MaxBins = ModelJson.GetInt32(payload, "maxBins"),
            Seed = ModelJson.GetInt32(payload, "seed"),
            MaxDegreeOfParallelism = ModelJson.GetInt32(payload, "maxDegreeOfParallelism"),
        };
        ModelJson.CheckOptions(options, "The saved uplift random forest has invalid options");

        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        if (featureCount < 1 || names.Length < 2)
        {
            throw new InvalidDataException("The saved uplift random forest needs at least one feature and two arms (control and a treatment).");
        }

        ForestNodes nodes = ForestNodes.Read(payload, featureCount, "uplift random forest");
        double[] rate = ModelJson.GetFiniteDoubleArray(payload, "rate");
        ModelJson.CheckCount("rate", rate.Length, "nodes x arms", nodes.NodeCount * names.Length);
        foreach (double p in rate)
        {
            if (p < 0 || p > 1)
            {
                throw new InvalidDataException($"The saved uplift random forest has a response rate {p} outside [0, 1].");
            }
        }

        return new UpliftRandomForestModel(options, featureCount, names, nodes, rate);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        UpliftRandomForestOptions o = Options;
        writer.WriteStartObject();
        writer.WriteNumber("criterion", (int)o.Criterion);
        writer.WriteBoolean("normalization", o.Normalization);
        writer.WriteNumber("treeCount", o.TreeCount);
        writer.WriteNumber("maxDepth", o.MaxDepth);
        writer.WriteNumber("minSamplesLeaf", o.MinSamplesLeaf);
        writer.WriteNumber("minArmSamplesLeaf", o.MinArmSamplesLeaf);
        ModelJson.WriteDouble(writer, "regularizationWeight", o.RegularizationWeight);
        writer.WriteBoolean("honest", o.Honest);
        writer.WriteNumber("featuresPerSplit", o.FeaturesPerSplit);
        writer.WriteBoolean("bootstrap", o.Bootstrap);
        ModelJson.WriteDouble(writer, "sampleFraction", o.SampleFraction);
        writer.WriteNumber("maxBins", o.MaxBins);
        writer.WriteNumber("seed", o.Seed);
        writer.WriteNumber("maxDegreeOfParallelism", o.MaxDegreeOfParallelism);
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteArray(writer, "armNames", _armNames);
        _nodes.Write(writer);
        ModelJson.WriteArray<double>(writer, "rate", _rate);
        writer.WriteEndObject();
    }
}
