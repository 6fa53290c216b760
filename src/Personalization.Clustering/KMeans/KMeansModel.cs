using System.Numerics;
using System.Text.Json;
using Personalization.Clustering.Internal;
using Personalization.Internal;
using Personalization.Persistence;

namespace Personalization.Clustering;

/// <summary>A fitted K-Means clustering: centroids, training labels, inertia, and assignment of new rows.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Rows are assigned to <c>argmin_c ||x - c||^2</c>, the lowest index winning exact ties.
/// Instances are immutable and thread-safe: every member may be called concurrently. Saved through
/// <see cref="ModelPersistence"/>, the model reloads with bit-identical centroids and predictions; the training
/// <see cref="Labels"/> are written only with <see cref="ModelSaveOptions.IncludeTrainingLabels"/>, so by default a
/// saved file stays a few KB whatever the number of training rows and the reloaded model has empty <see cref="Labels"/>.
/// </remarks>
public sealed class KMeansModel<T> : ICentroidClusteringModel<T>, IPersistableModel<KMeansModel<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _labels;
    private readonly PackedCentroids<T> _packed;

    internal KMeansModel(KMeansOptions options, FeatureMatrix<T> centroids, int[] labels, double inertia, int iterations, bool converged, int? distinctClusterCount = null)
    {
        Options = options;
        Centroids = centroids;
        _labels = labels;
        Inertia = inertia;
        Iterations = iterations;
        Converged = converged;
        DistinctClusterCount = labels.Length == 0 && distinctClusterCount is int saved ? saved : CountDistinct(labels, centroids.RowCount);
        _packed = new PackedCentroids<T>(centroids.RowCount, centroids.ColumnCount);
        _packed.Pack(centroids.AsSpan(), centroids.RowCount);
    }

    /// <summary>Creates a model from centroids fitted elsewhere, such as by Lloyd iterations run inside a database, without training labels.</summary>
    /// <param name="options">The options the centroids were fitted with (validated as <see cref="KMeans"/> validates them).</param>
    /// <param name="centroids">The centroids: <see cref="KMeansOptions.ClusterCount"/> rows of finite values whose squared norms do not overflow, with the feature column names.</param>
    /// <param name="inertia">The sum of squared distances of the training rows to their nearest centroid: finite and at least 0.</param>
    /// <param name="iterations">The iterations run: between 0 and <see cref="KMeansOptions.MaxIterations"/>.</param>
    /// <param name="converged">Whether the iterations stopped on the convergence rule before <see cref="KMeansOptions.MaxIterations"/>.</param>
    /// <param name="distinctClusterCount">The clusters that held at least one training row in the last assignment: between 1 and the number of centroids.</param>
    /// <returns>A model with empty <see cref="Labels"/> (use <see cref="Predict(FeatureMatrix{T})"/> to label rows).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="centroids"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option, <paramref name="inertia"/>, <paramref name="iterations"/> or <paramref name="distinctClusterCount"/> is out of range; the exception names it.</exception>
    /// <exception cref="ArgumentException"><paramref name="centroids"/> has no column, does not have ClusterCount rows, holds NaN or Infinity or a row whose squared norm overflows,
    /// or <see cref="KMeansOptions.InitialCentroids"/> has another shape; the exception names the parameter.</exception>
    public static KMeansModel<T> FromCentroids(KMeansOptions options, FeatureMatrix<T> centroids, double inertia, int iterations, bool converged, int distinctClusterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(centroids);
        options.Validate();
        if (centroids.RowCount != options.ClusterCount || centroids.ColumnCount < 1)
        {
            throw new ArgumentException($"centroids is {centroids.RowCount} x {centroids.ColumnCount} but must have options.ClusterCount = {options.ClusterCount} rows and at least one column.", nameof(centroids));
        }

        centroids.ThrowIfNotFinite(nameof(centroids));
        for (int r = 0; r < centroids.RowCount; r++)
        {
            T norm = T.Zero;
            foreach (T v in centroids.Row(r))
            {
                norm += v * v;
            }

            if (!T.IsFinite(norm))
            {
                throw new ArgumentException($"centroids row {r} is so large that its squared norm overflows {typeof(T).Name}; distances to it cannot be computed.", nameof(centroids));
            }
        }

        if (options.InitialCentroids is { } given && (given.RowCount != centroids.RowCount || given.ColumnCount != centroids.ColumnCount))
        {
            throw new ArgumentException($"options.InitialCentroids is {given.RowCount} x {given.ColumnCount} but centroids is {centroids.RowCount} x {centroids.ColumnCount}; they must have the same shape.", nameof(options));
        }

        if (!double.IsFinite(inertia) || inertia < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inertia), inertia, $"inertia must be finite and at least 0, but was {inertia}.");
        }

        if (iterations < 0 || iterations > options.MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"iterations must be between 0 and options.MaxIterations ({options.MaxIterations}), but was {iterations}.");
        }

        if (distinctClusterCount < 1 || distinctClusterCount > centroids.RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(distinctClusterCount), distinctClusterCount, $"distinctClusterCount must be between 1 and the {centroids.RowCount} clusters, but was {distinctClusterCount}.");
        }

        return new KMeansModel<T>(options, centroids, [], inertia, iterations, converged, distinctClusterCount);
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "KMeansModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    /// <value>2: the labels are optional and <c>distinctClusterCount</c> is stored (version 1 always held the labels).</value>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable model type name, <c>KMeansModel</c>.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public KMeansOptions Options { get; }

    /// <summary>Gets the centroids: one row per cluster, with the training data's column names.</summary>
    public FeatureMatrix<T> Centroids { get; }

    /// <summary>Gets the cluster of every training row.</summary>
    /// <value>One label per training row for a fitted model, or for a model loaded from a file saved with
    /// <see cref="ModelSaveOptions.IncludeTrainingLabels"/>; empty for a model loaded from a file saved without them (the default).
    /// Use <see cref="Predict(FeatureMatrix{T}, Span{int})"/> to label rows again.</value>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Gets the inertia of the training data: <c>sum_i w_i ||x_i - c_{l(i)}||^2</c>.</summary>
    public double Inertia { get; }

    /// <summary>Gets the number of iterations run (of the best restart).</summary>
    public int Iterations { get; }

    /// <summary>Gets whether the iterations converged (labels stable or centre shift within tolerance) before <see cref="KMeansOptions.MaxIterations"/>.</summary>
    public bool Converged { get; }

    /// <summary>Gets the number of clusters.</summary>
    public int ClusterCount => Centroids.RowCount;

    /// <summary>Gets the number of clusters that hold at least one training row.</summary>
    /// <value>Equal to <see cref="ClusterCount"/> for a sound fit; smaller when the data has fewer distinct rows than clusters (the extra centroids duplicate a used one and own no row). Saved with the model (format 2), so a model loaded without its labels keeps it.</value>
    /// <remarks>scikit-learn warns "Number of distinct clusters found smaller than n_clusters" in this case; here the fit succeeds and this property (with <see cref="IsDegenerate"/>) says so.</remarks>
    public int DistinctClusterCount { get; }

    /// <summary>Gets whether the fit is degenerate: fewer clusters hold training rows than were asked for (<see cref="DistinctClusterCount"/> &lt; <see cref="ClusterCount"/>).</summary>
    /// <value><see langword="true"/> when at least one cluster is empty; its centroid is never the unique nearest centroid of a training row. Lower <see cref="KMeansOptions.ClusterCount"/> to <see cref="DistinctClusterCount"/> or add distinct data.</value>
    public bool IsDegenerate => DistinctClusterCount < ClusterCount;

    /// <summary>Gets the number of features.</summary>
    public int FeatureCount => Centroids.ColumnCount;

    /// <summary>Assigns each row of <paramref name="data"/> to its nearest centroid.</summary>
    /// <param name="data">Finite rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="labels">Receives one label per row; at least <c>data.RowCount</c> long.</param>
    /// <remarks>Computes <c>argmin_c ||c||^2 - 2 x.c</c> with a parallel SIMD kernel; the NaN/Infinity check is fused into the same pass.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The column count differs, <paramref name="labels"/> is too short, the data holds NaN or Infinity (the message names the row and column), or a row's squared distances overflow <typeparamref name="T"/>.</exception>
    public void Predict(FeatureMatrix<T> data, Span<int> labels)
    {
        CheckColumns(data);
        if (labels.Length < data.RowCount)
        {
            throw new ArgumentException($"labels has length {labels.Length} but data has {data.RowCount} rows; pass a span of at least {data.RowCount}.", nameof(labels));
        }

        if (!KMeansPrediction.Predict(data, _packed, labels, ChunkParallel.Resolve(Options.MaxDegreeOfParallelism)))
        {
            data.ThrowIfNotFinite(nameof(data));
        }

        KMeansPrediction.CheckLabels<T>(labels[..data.RowCount], ClusterCount, nameof(data));
    }

    /// <summary>Assigns each row of <paramref name="data"/> to its nearest centroid.</summary>
    /// <param name="data">Finite rows with <see cref="FeatureCount"/> columns.</param>
    /// <returns>A new array with one label per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The column count differs or the data holds NaN or Infinity.</exception>
    public int[] Predict(FeatureMatrix<T> data)
    {
        CheckColumns(data);
        var labels = new int[data.RowCount];
        Predict(data, labels);
        return labels;
    }

    /// <summary>Returns the Euclidean distance from every row to every centroid (scikit-learn's <c>transform</c>).</summary>
    /// <param name="data">Finite rows with <see cref="FeatureCount"/> columns.</param>
    /// <returns>A new <c>data.RowCount x ClusterCount</c> matrix with <c>||x_i - c_j||</c> at (i, j), columns named <c>distance0, distance1, ...</c>, and the data's row ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The column count differs or the data holds NaN or Infinity.</exception>
    public FeatureMatrix<T> Transform(FeatureMatrix<T> data)
    {
        CheckColumns(data);
        data.ThrowIfNotFinite(nameof(data));
        T[] result = KMeansPrediction.Distances(data, Centroids, ChunkParallel.Resolve(Options.MaxDegreeOfParallelism));
        var names = new string[ClusterCount];
        for (int c = 0; c < names.Length; c++)
        {
            names[c] = "distance" + c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return FeatureMatrix<T>.FromOwnedArray(result, data.RowCount, ClusterCount, names, data.RowIds);
    }

    /// <summary>Returns the opposite of the inertia of <paramref name="data"/> under this model (scikit-learn's <c>score</c>; higher is better).</summary>
    /// <param name="data">Finite rows with <see cref="FeatureCount"/> columns.</param>
    /// <returns><c>-sum_i ||x_i - c_{l(i)}||^2</c> with l(i) the nearest centroid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The column count differs or the data holds NaN or Infinity.</exception>
    public double Score(FeatureMatrix<T> data)
    {
        CheckColumns(data);
        data.ThrowIfNotFinite(nameof(data));
        return -KMeansPrediction.Inertia(data, null, Centroids, _packed, ChunkParallel.Resolve(Options.MaxDegreeOfParallelism));
    }

    /// <summary>Returns the opposite of the weighted inertia of <paramref name="data"/> under this model.</summary>
    /// <param name="data">Finite rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="sampleWeights">One finite non-negative weight per row.</param>
    /// <returns><c>-sum_i w_i ||x_i - c_{l(i)}||^2</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The column count differs, the data holds NaN or Infinity, or the weights do not match the rows or are negative.</exception>
    public double Score(FeatureMatrix<T> data, ReadOnlySpan<double> sampleWeights)
    {
        CheckColumns(data);
        double[] weights = KMeansChecks.CheckWeights(sampleWeights, data);
        data.ThrowIfNotFinite(nameof(data));
        return -KMeansPrediction.Inertia(data, weights, Centroids, _packed, ChunkParallel.Resolve(Options.MaxDegreeOfParallelism));
    }

    /// <summary>Writes the options, centroids, inertia, iterations and convergence flag, without the training labels (<see cref="ModelSaveOptions.Default"/>).</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WritePayload(Utf8JsonWriter writer) => WritePayload(writer, ModelSaveOptions.Default);

    /// <summary>Writes the options, centroids, inertia, iterations, convergence flag and distinct cluster count, and the training labels when <see cref="ModelSaveOptions.IncludeTrainingLabels"/> is set.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="options">Whether to write the labels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="options"/> is null.</exception>
    public void WritePayload(Utf8JsonWriter writer, ModelSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartObject();
        writer.WriteString("elementType", ElementTypeName);
        writer.WriteStartObject("options");
        writer.WriteNumber("clusterCount", Options.ClusterCount);
        writer.WriteNumber("maxIterations", Options.MaxIterations);
        ModelJson.WriteDouble(writer, "tolerance", Options.Tolerance);
        writer.WriteNumber("restarts", Options.Restarts);
        writer.WriteNumber("seed", Options.Seed);
        writer.WriteString("initialization", Options.Initialization.ToString());
        writer.WriteString("algorithm", Options.Algorithm.ToString());
        writer.WriteNumber("maxDegreeOfParallelism", Options.MaxDegreeOfParallelism);
        if (Options.InitialCentroids is null)
        {
            writer.WriteNull("initialCentroids");
        }
        else
        {
            ModelJson.WriteMatrix(writer, "initialCentroids", Options.InitialCentroids);
        }

        writer.WriteEndObject();
        ModelJson.WriteMatrix(writer, "centroids", Centroids);
        if (options.IncludeTrainingLabels)
        {
            ModelJson.WriteArray(writer, "labels", _labels);
        }

        writer.WriteNumber("distinctClusterCount", DistinctClusterCount);
        ModelJson.WriteDouble(writer, "inertia", Inertia);
        writer.WriteNumber("iterations", Iterations);
        writer.WriteBoolean("converged", Converged);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload(Utf8JsonWriter, ModelSaveOptions)"/>: format 2 (labels optional) or format 1 (labels required).</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version (already range-checked).</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing, not finite (centroids, initial centroids, inertia) or inconsistent (an option out of range, <c>clusterCount</c> differing from the centroid rows, a label outside the clusters), or the element type differs from <typeparamref name="T"/>; the message names the field.</exception>
    public static KMeansModel<T> ReadPayload(JsonElement payload, int formatVersion)
    {
        string elementType = ModelJson.GetString(payload, "elementType");
        if (elementType != ElementTypeName)
        {
            throw new InvalidDataException($"The saved KMeansModel holds {elementType} centroids; load it as KMeansModel<{(elementType == "float32" ? "float" : "double")}>.");
        }

        JsonElement o = ModelJson.GetProperty(payload, "options");
        JsonElement initial = ModelJson.GetProperty(o, "initialCentroids");
        var options = new KMeansOptions
        {
            ClusterCount = ModelJson.GetInt32(o, "clusterCount"),
            MaxIterations = ModelJson.GetInt32(o, "maxIterations"),
            Tolerance = ModelJson.GetDouble(o, "tolerance"),
            Restarts = ModelJson.GetInt32(o, "restarts"),
            Seed = ModelJson.GetInt32(o, "seed"),
            Initialization = ParseEnum<KMeansInitialization>(ModelJson.GetString(o, "initialization"), "initialization"),
            Algorithm = ParseEnum<KMeansAlgorithm>(ModelJson.GetString(o, "algorithm"), "algorithm"),
            MaxDegreeOfParallelism = ModelJson.GetInt32(o, "maxDegreeOfParallelism"),
            InitialCentroids = initial.ValueKind == JsonValueKind.Null ? null : ModelJson.GetFiniteMatrix<double>(o, "initialCentroids"),
        };
        KMeansChecks.ValidateOptions(options);
        FeatureMatrix<T> centroids = ModelJson.GetFiniteMatrix<T>(payload, "centroids");
        int[] labels = formatVersion < 2 || payload.TryGetProperty("labels", out _) ? ModelJson.GetInt32Array(payload, "labels") : [];
        if (centroids.RowCount < 1 || centroids.ColumnCount < 1)
        {
            throw new InvalidDataException("The saved KMeansModel has no centroids.");
        }

        ModelJson.CheckCount("\"centroids\" rows", centroids.RowCount, "clusterCount", options.ClusterCount);
        ModelJson.CheckSquaredNorms(centroids, "centroids");
        if (options.InitialCentroids is { } given)
        {
            ModelJson.CheckCount("\"initialCentroids\" rows", given.RowCount, "clusterCount", options.ClusterCount);
            ModelJson.CheckCount("\"initialCentroids\" columns", given.ColumnCount, "centroids.columns", centroids.ColumnCount);
        }

        double inertia = ModelJson.GetFiniteDouble(payload, "inertia");
        int iterations = ModelJson.GetInt32(payload, "iterations");
        if (inertia < 0 || iterations < 0 || iterations > options.MaxIterations)
        {
            throw new InvalidDataException($"The saved KMeansModel has inertia {inertia} and iterations {iterations}; the inertia must be at least 0 and the iterations between 0 and maxIterations ({options.MaxIterations}).");
        }

        foreach (int label in labels)
        {
            if ((uint)label >= (uint)centroids.RowCount)
            {
                throw new InvalidDataException($"The saved KMeansModel has label {label}, outside 0..{centroids.RowCount - 1}.");
            }
        }

        int? distinct = null;
        if (formatVersion >= 2)
        {
            distinct = ModelJson.GetInt32(payload, "distinctClusterCount");
            if (distinct < 1 || distinct > centroids.RowCount || (labels.Length > 0 && distinct != CountDistinct(labels, centroids.RowCount)))
            {
                throw new InvalidDataException($"The saved KMeansModel has distinctClusterCount {distinct}; it must be between 1 and the {centroids.RowCount} clusters and match the saved labels.");
            }
        }

        return new KMeansModel<T>(options, centroids, labels, inertia, iterations, ModelJson.GetBoolean(payload, "converged"), distinct);
    }

    private static int CountDistinct(int[] labels, int clusterCount)
    {
        if (labels.Length == 0)
        {
            return clusterCount;
        }

        var used = new bool[clusterCount];
        int distinct = 0;
        foreach (int label in labels)
        {
            if ((uint)label < (uint)clusterCount && !used[label])
            {
                used[label] = true;
                distinct++;
            }
        }

        return distinct;
    }

    private static string ElementTypeName => typeof(T) == typeof(float) ? "float32" : "float64";

    private static TEnum ParseEnum<TEnum>(string value, string name)
        where TEnum : struct, Enum =>
        Enum.TryParse(value, ignoreCase: false, out TEnum result) && Enum.IsDefined(result)
            ? result
            : throw new InvalidDataException($"The saved model field \"{name}\" has the unknown value '{value}'.");

    private void CheckColumns(FeatureMatrix<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != FeatureCount)
        {
            throw new ArgumentException($"data has {data.ColumnCount} columns but the model was fitted on {FeatureCount}; pass rows with the training columns ({string.Join(", ", Centroids.ColumnNames)}).", nameof(data));
        }
    }
}
