using System.Numerics;
using System.Text.Json;
using Personalization.Clustering.Internal;
using Personalization.Persistence;

namespace Personalization.Clustering;

/// <summary>
/// A fitted hierarchical clustering: the merge tree, the labels of the cut into
/// <see cref="ClusterCount"/> clusters, and the cluster means used to assign new rows.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>Instances are immutable and thread-safe. New rows are assigned to the nearest cluster mean (squared Euclidean, ties to the lower label).
/// Saved through <see cref="ModelPersistence"/>, the tree, means and sample rows are kept; the training <see cref="Labels"/> only
/// with <see cref="ModelSaveOptions.IncludeTrainingLabels"/> (a model loaded from a file without them has empty <see cref="Labels"/>).</remarks>
public sealed class HierarchicalModel<T> : ICentroidClusteringModel<T>, IPersistableModel<HierarchicalModel<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _labels;
    private readonly int[]? _sampleRows;
    private readonly double[] _means;

    internal HierarchicalModel(HierarchicalOptions options, LinkageTree tree, int[] labels, FeatureMatrix<T> centroids, int[]? sampleRows)
    {
        Options = options;
        Tree = tree;
        _labels = labels;
        Centroids = centroids;
        _sampleRows = sampleRows;
        _means = new double[centroids.RowCount * centroids.ColumnCount];
        ReadOnlySpan<T> c = centroids.AsSpan();
        for (int i = 0; i < _means.Length; i++)
        {
            _means[i] = double.CreateTruncating(c[i]);
        }
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "HierarchicalModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    /// <value>2: the labels are optional (version 1 always held them).</value>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public HierarchicalOptions Options { get; }

    /// <summary>Gets the full merge tree (over the sample in sample-then-assign mode).</summary>
    public LinkageTree Tree { get; }

    /// <inheritdoc />
    public int ClusterCount => Centroids.RowCount;

    /// <inheritdoc />
    public int FeatureCount => Centroids.ColumnCount;

    /// <summary>Gets the label of every training row: the tree cut, or in sample-then-assign mode the nearest cluster mean.</summary>
    /// <value>Empty for a model loaded from a file saved without training labels (the default of <see cref="ModelSaveOptions"/>); <see cref="Predict(FeatureMatrix{T}, Span{int})"/> labels rows again.</value>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Gets the cluster means (of the clustered rows), one row per cluster.</summary>
    public FeatureMatrix<T> Centroids { get; }

    /// <summary>Gets the training rows the tree was built on in sample-then-assign mode (ascending), or an empty span when all rows were clustered.</summary>
    public ReadOnlySpan<int> SampleRows => _sampleRows;

    /// <summary>Gets a value indicating whether the tree was built on a sample.</summary>
    public bool IsSampled => _sampleRows is not null;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public void Predict(FeatureMatrix<T> data, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != FeatureCount)
        {
            throw new ArgumentException($"data has {data.ColumnCount} columns but the model was fitted on {FeatureCount}; they must match.", nameof(data));
        }

        if (labels.Length < data.RowCount)
        {
            throw new ArgumentException($"labels has length {labels.Length} but data has {data.RowCount} rows; it must hold one label per row.", nameof(labels));
        }

        data.ThrowIfNotFinite(nameof(data));
        NearestMean.Assign(data.AsSpan(), data.RowCount, data.ColumnCount, _means, ClusterCount, labels);
    }

    /// <summary>Writes the options, tree, means and sample rows, without the training labels (<see cref="ModelSaveOptions.Default"/>).</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WritePayload(Utf8JsonWriter writer) => WritePayload(writer, ModelSaveOptions.Default);

    /// <summary>Writes the options, tree, means and sample rows, and the training labels when <see cref="ModelSaveOptions.IncludeTrainingLabels"/> is set.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="options">Whether to write the labels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="options"/> is null.</exception>
    public void WritePayload(Utf8JsonWriter writer, ModelSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartObject();
        writer.WriteString("elementType", typeof(T).Name);
        writer.WriteNumber("clusterCount", Options.ClusterCount);
        writer.WriteString("linkage", Options.Linkage.ToString());
        writer.WriteNumber("maxRows", Options.MaxRows);
        if (Options.SampleSize is int s)
        {
            writer.WriteNumber("sampleSize", s);
        }
        else
        {
            writer.WriteNull("sampleSize");
        }

        writer.WriteNumber("seed", Options.Seed);
        writer.WriteNumber("leafCount", Tree.LeafCount);
        ModelJson.WriteArray(writer, "left", Tree.Left);
        ModelJson.WriteArray(writer, "right", Tree.Right);
        ModelJson.WriteArray(writer, "heights", Tree.Heights);
        ModelJson.WriteArray(writer, "sizes", Tree.Sizes);
        if (options.IncludeTrainingLabels)
        {
            ModelJson.WriteArray(writer, "labels", _labels);
        }

        ModelJson.WriteMatrix(writer, "centroids", Centroids);
        if (_sampleRows is null)
        {
            writer.WriteNull("sampleRows");
        }
        else
        {
            ModelJson.WriteArray(writer, "sampleRows", _sampleRows);
        }

        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public static HierarchicalModel<T> ReadPayload(JsonElement payload, int formatVersion)
    {
        string elementType = ModelJson.GetString(payload, "elementType");
        if (elementType != typeof(T).Name)
        {
            throw new InvalidDataException($"The saved HierarchicalModel holds {elementType} values; load it as HierarchicalModel<{elementType}>.");
        }

        JsonElement sampleSizeElement = ModelJson.GetProperty(payload, "sampleSize");
        var options = new HierarchicalOptions
        {
            ClusterCount = ModelJson.GetInt32(payload, "clusterCount"),
            Linkage = Enum.Parse<Linkage>(ModelJson.GetString(payload, "linkage")),
            MaxRows = ModelJson.GetInt32(payload, "maxRows"),
            SampleSize = sampleSizeElement.ValueKind == JsonValueKind.Null ? null : sampleSizeElement.GetInt32(),
            Seed = ModelJson.GetInt32(payload, "seed"),
        };
        var tree = new LinkageTree(
            ModelJson.GetInt32(payload, "leafCount"),
            ModelJson.GetInt32Array(payload, "left"),
            ModelJson.GetInt32Array(payload, "right"),
            ModelJson.GetDoubleArray(payload, "heights"),
            ModelJson.GetInt32Array(payload, "sizes"));
        HierarchicalClustering<T>.Validate(options);
        int[] labels = formatVersion < 2 || payload.TryGetProperty("labels", out _) ? ModelJson.GetInt32Array(payload, "labels") : [];
        FeatureMatrix<T> centroids = ModelJson.GetFiniteMatrix<T>(payload, "centroids");
        ModelJson.CheckCount("\"centroids\" rows", centroids.RowCount, "clusterCount", options.ClusterCount);
        ModelJson.CheckSquaredNorms(centroids, "centroids");
        JsonElement sampleElement = ModelJson.GetProperty(payload, "sampleRows");
        int[]? sampleRows = sampleElement.ValueKind == JsonValueKind.Null ? null : ModelJson.GetInt32Array(payload, "sampleRows");
        foreach (int label in labels)
        {
            if ((uint)label >= (uint)centroids.RowCount)
            {
                throw new InvalidDataException($"A saved label is {label} but the model has {centroids.RowCount} clusters.");
            }
        }

        return new HierarchicalModel<T>(options, tree, labels, centroids, sampleRows);
    }
}
