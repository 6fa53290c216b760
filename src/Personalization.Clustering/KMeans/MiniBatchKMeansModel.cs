using System.Numerics;
using System.Text.Json;
using Personalization.Clustering.Internal;
using Personalization.Persistence;

namespace Personalization.Clustering;

/// <summary>The state of a mini-batch K-Means fit: centroids and the number of rows each has absorbed.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Training rows are streamed, so <see cref="Labels"/> is empty: call <see cref="Predict(FeatureMatrix{T}, Span{int})"/>.
/// Instances are immutable and thread-safe; <see cref="MiniBatchKMeans.PartialFit{T}"/> returns a new model.
/// </remarks>
public sealed class MiniBatchKMeansModel<T> : ICentroidClusteringModel<T>, IPersistableModel<MiniBatchKMeansModel<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _counts;
    private readonly PackedCentroids<T> _packed;

    internal MiniBatchKMeansModel(MiniBatchKMeansOptions options, FeatureMatrix<T> centroids, double[] counts, long batchesSeen)
    {
        Options = options;
        Centroids = centroids;
        _counts = counts;
        BatchesSeen = batchesSeen;
        _packed = new PackedCentroids<T>(centroids.RowCount, centroids.ColumnCount);
        _packed.Pack(centroids.AsSpan(), centroids.RowCount);
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "MiniBatchKMeansModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable model type name, <c>MiniBatchKMeansModel</c>.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options.</summary>
    public MiniBatchKMeansOptions Options { get; }

    /// <summary>Gets the centroids.</summary>
    public FeatureMatrix<T> Centroids { get; }

    /// <summary>Gets the number of rows each centroid has absorbed so far.</summary>
    public ReadOnlySpan<double> Counts => _counts;

    /// <summary>Gets the number of batches seen.</summary>
    public long BatchesSeen { get; }

    /// <summary>Gets an empty span: streamed training rows are not kept.</summary>
    public ReadOnlySpan<int> Labels => ReadOnlySpan<int>.Empty;

    /// <summary>Gets the number of clusters.</summary>
    public int ClusterCount => Centroids.RowCount;

    /// <summary>Gets the number of clusters that have received at least one row (<see cref="Counts"/> above 0).</summary>
    /// <value>Equal to <see cref="ClusterCount"/> for a sound fit; smaller when the batches held fewer distinct rows than clusters.</value>
    public int DistinctClusterCount
    {
        get
        {
            int used = 0;
            foreach (double count in _counts)
            {
                used += count > 0 ? 1 : 0;
            }

            return used;
        }
    }

    /// <summary>Gets whether some cluster has never received a row (<see cref="DistinctClusterCount"/> &lt; <see cref="ClusterCount"/>).</summary>
    /// <value><see langword="true"/> when a centroid is still its seed and owns no data; lower the cluster count or stream more distinct data.</value>
    public bool IsDegenerate => DistinctClusterCount < ClusterCount;

    /// <summary>Gets the number of features.</summary>
    public int FeatureCount => Centroids.ColumnCount;

    /// <summary>Assigns each row to its nearest centroid (<c>argmin_c ||x - c||^2</c>, lowest index on ties).</summary>
    /// <param name="data">Finite rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="labels">Receives one label per row.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The column count differs, <paramref name="labels"/> is too short, or the data holds NaN or Infinity.</exception>
    public void Predict(FeatureMatrix<T> data, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != FeatureCount)
        {
            throw new ArgumentException($"data has {data.ColumnCount} columns but the model was fitted on {FeatureCount}.", nameof(data));
        }

        if (labels.Length < data.RowCount)
        {
            throw new ArgumentException($"labels has length {labels.Length} but data has {data.RowCount} rows.", nameof(labels));
        }

        if (!KMeansPrediction.Predict(data, _packed, labels, Environment.ProcessorCount))
        {
            data.ThrowIfNotFinite(nameof(data));
        }

        KMeansPrediction.CheckLabels<T>(labels[..data.RowCount], ClusterCount, nameof(data));
    }

    /// <summary>Assigns each row to its nearest centroid.</summary>
    /// <param name="data">Finite rows with <see cref="FeatureCount"/> columns.</param>
    /// <returns>A new array of labels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The column count differs or the data holds NaN or Infinity.</exception>
    public int[] Predict(FeatureMatrix<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = new int[data.RowCount];
        Predict(data, labels);
        return labels;
    }

    /// <summary>Writes the options, centroids, counts and batch count.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("elementType", typeof(T) == typeof(float) ? "float32" : "float64");
        writer.WriteNumber("clusterCount", Options.ClusterCount);
        writer.WriteNumber("batchSize", Options.BatchSize);
        writer.WriteNumber("epochs", Options.Epochs);
        writer.WriteNumber("seed", Options.Seed);
        ModelJson.WriteMatrix(writer, "centroids", Centroids);
        ModelJson.WriteArray<double>(writer, "counts", _counts);
        writer.WriteNumber("batchesSeen", BatchesSeen);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static MiniBatchKMeansModel<T> ReadPayload(JsonElement payload, int formatVersion)
    {
        string elementType = ModelJson.GetString(payload, "elementType");
        if (elementType != (typeof(T) == typeof(float) ? "float32" : "float64"))
        {
            throw new InvalidDataException($"The saved MiniBatchKMeansModel holds {elementType} centroids; load it with the matching element type.");
        }

        var options = new MiniBatchKMeansOptions
        {
            ClusterCount = ModelJson.GetInt32(payload, "clusterCount"),
            BatchSize = ModelJson.GetInt32(payload, "batchSize"),
            Epochs = ModelJson.GetInt32(payload, "epochs"),
            Seed = ModelJson.GetInt32(payload, "seed"),
        };
        MiniBatchKMeans.Validate(options);
        FeatureMatrix<T> centroids = ModelJson.GetFiniteMatrix<T>(payload, "centroids");
        double[] counts = ModelJson.GetFiniteDoubleArray(payload, "counts");
        if (counts.Length != centroids.RowCount || centroids.RowCount < 1 || centroids.ColumnCount < 1)
        {
            throw new InvalidDataException($"The saved MiniBatchKMeansModel has {counts.Length} counts for {centroids.RowCount} centroids.");
        }

        ModelJson.CheckCount("\"centroids\" rows", centroids.RowCount, "clusterCount", options.ClusterCount);
        ModelJson.CheckSquaredNorms(centroids, "centroids");
        foreach (double count in counts)
        {
            if (count < 0)
            {
                throw new InvalidDataException($"The saved model field \"counts\" holds {count}; counts must not be negative.");
            }
        }

        JsonElement seen = ModelJson.GetProperty(payload, "batchesSeen");
        return new MiniBatchKMeansModel<T>(options, centroids, counts, seen.TryGetInt64(out long b) ? b : throw new InvalidDataException("The saved model field \"batchesSeen\" must be an integer."));
    }
}
