using System.Collections.Immutable;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Segmentation;

/// <summary>
/// A fitted segmentation: the preprocessing (log1p and scaler), the K-Means centroids, the choose-k table and one
/// <see cref="SegmentSummary"/> (size, profile, persona, playbook) per segment, in one versioned model file.
/// </summary>
/// <remarks>
/// <para><see cref="Assign(FeatureMatrix{double})"/> gives new customers their segment: the raw features (by column name)
/// go through the fitted log1p and scaler, then to the nearest centroid (ties to the lowest segment id).</para>
/// <para>Immutable and thread-safe: any number of threads may assign at once.</para>
/// </remarks>
public sealed partial class SegmentationModel : IPersistableModel<SegmentationModel>
{
    internal SegmentationModel(
        SegmentationPipelineOptions options,
        PreprocessingModel preprocessing,
        KMeansModel<double> kMeans,
        ImmutableArray<SegmentSummary> segments,
        ImmutableArray<ClusterCountScore> scores,
        string? chooseKReason,
        int? elbowClusterCount,
        ImmutableArray<string> warnings,
        int trainingCustomerCount,
        int droppedCustomerCount)
    {
        Options = options;
        Preprocessing = preprocessing;
        KMeans = kMeans;
        Segments = segments;
        Scores = scores;
        ChooseKReason = chooseKReason;
        ElbowClusterCount = elbowClusterCount;
        Warnings = warnings;
        TrainingCustomerCount = trainingCustomerCount;
        DroppedCustomerCount = droppedCustomerCount;
    }

    /// <summary>Gets the options the model was fitted with.</summary>
    public SegmentationPipelineOptions Options { get; }

    /// <summary>Gets the fitted preprocessing (log1p on <see cref="SegmentationPipelineOptions.LogColumns"/>, then the scaler).</summary>
    public PreprocessingModel Preprocessing { get; }

    /// <summary>Gets the K-Means model fitted on the preprocessed features.</summary>
    public KMeansModel<double> KMeans { get; }

    /// <summary>Gets the segments, indexed by segment id.</summary>
    public ImmutableArray<SegmentSummary> Segments { get; }

    /// <summary>Gets the choose-k table (one row per candidate k; one row when k was fixed).</summary>
    public ImmutableArray<ClusterCountScore> Scores { get; }

    /// <summary>Gets why k was chosen, or <see langword="null"/> when it was fixed.</summary>
    public string? ChooseKReason { get; }

    /// <summary>Gets the knee of the choose-k inertia curve (Kneedle), or <see langword="null"/> when k was fixed or the curve has no knee.</summary>
    public int? ElbowClusterCount { get; }

    /// <summary>Gets one sentence per condition of the fit a caller should see (for example a k range narrowed to the distinct customer profiles); empty when there is none.</summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>Gets the number of segments.</summary>
    public int SegmentCount => KMeans.ClusterCount;

    /// <summary>Gets the raw feature columns <see cref="Assign(FeatureMatrix{double})"/> reads, in order.</summary>
    public IReadOnlyList<string> FeatureNames => Options.Columns;

    /// <summary>Gets the number of customers the model was fitted on (after cleaning).</summary>
    public int TrainingCustomerCount { get; }

    /// <summary>Gets the number of customers cleaning dropped (no purchase in the window, or a non-finite feature).</summary>
    public int DroppedCustomerCount { get; }

    /// <inheritdoc/>
    public string ModelType => PersistedModelType;

    /// <summary>Assigns each customer (row) to a segment.</summary>
    /// <param name="features">Raw features holding the <see cref="FeatureNames"/> columns (others are ignored).</param>
    /// <returns>The segment id of each row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException">A column is missing or a value is not finite (the message names row and column).</exception>
    public int[] Assign(FeatureMatrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var segments = new int[features.RowCount];
        Assign(features, segments, []);
        return segments;
    }

    /// <summary>Assigns each customer (row) to a segment and, optionally, gives its Euclidean distance to that centroid in the scaled space.</summary>
    /// <param name="features">Raw features holding the <see cref="FeatureNames"/> columns (others are ignored).</param>
    /// <param name="segments">Receives the segment id of each row; its length is the row count.</param>
    /// <param name="distances">Receives the distance of each row to its centroid, or is empty to skip them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException">A column is missing, a value is not finite, or a destination length differs from the row count.</exception>
    public void Assign(FeatureMatrix<double> features, Span<int> segments, Span<double> distances)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (segments.Length != features.RowCount)
        {
            throw new ArgumentException($"segments has length {segments.Length}, but features has {features.RowCount} rows.", nameof(segments));
        }

        if (!distances.IsEmpty && distances.Length != features.RowCount)
        {
            throw new ArgumentException($"distances has length {distances.Length}, but features has {features.RowCount} rows; pass an empty span to skip distances.", nameof(distances));
        }

        FeatureMatrix<double> selected = SegmentationCleaning.SelectColumns(features, Options.Columns, nameof(features));
        SegmentationCleaning.ThrowIfNotFinite(selected, nameof(features));
        FeatureMatrix<double> scaled = Preprocessing.Transform(selected);
        KMeans.Predict(scaled, segments);
        if (distances.IsEmpty)
        {
            return;
        }

        FeatureMatrix<double> centroids = KMeans.Centroids;
        for (int r = 0; r < scaled.RowCount; r++)
        {
            ReadOnlySpan<double> row = scaled.Row(r);
            ReadOnlySpan<double> centre = centroids.Row(segments[r]);
            double sum = 0;
            for (int c = 0; c < row.Length; c++)
            {
                double d = row[c] - centre[c];
                sum += d * d;
            }

            distances[r] = Math.Sqrt(sum);
        }
    }

    /// <summary>Assigns customers computed from transactions: features with the model's columns, then <see cref="AssignCustomers"/>.</summary>
    /// <param name="transactions">The customers' transactions, enumerated once.</param>
    /// <param name="features">The feature options (window, as-of date); their <c>Columns</c> are replaced by the model's. <see langword="null"/> for the defaults.</param>
    /// <returns>One row per customer (row ids = customer ids) and its segment; customers that cannot be segmented (no purchase in the window) are left out and counted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> is null.</exception>
    /// <exception cref="ArgumentException">A transaction is malformed.</exception>
    public SegmentAssignment Assign(IEnumerable<Transaction> transactions, CustomerFeatureOptions? features = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return AssignCustomers(new CustomerFeatureExtractor((features ?? new CustomerFeatureOptions()) with { Columns = Options.Columns }).Extract(transactions));
    }

    /// <summary>Cleans customers as the pipeline cleaned its training data (leaving out, and counting, those without a purchase
    /// in the window or with a non-finite feature), then assigns the rest with their distances.</summary>
    /// <param name="features">Raw features holding the <see cref="FeatureNames"/> columns (others are ignored).</param>
    /// <returns>The assigned customers, their segments and distances, and the number left out.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException">A column is missing.</exception>
    public SegmentAssignment AssignCustomers(FeatureMatrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        FeatureMatrix<double> selected = SegmentationCleaning.SelectColumns(features, Options.Columns, nameof(features));
        FeatureMatrix<double> clean = SegmentationCleaning.Clean(selected);
        var segments = new int[clean.RowCount];
        var distances = new double[clean.RowCount];
        Assign(clean, segments, distances);
        return new SegmentAssignment(clean, [.. segments], [.. distances], selected.RowCount - clean.RowCount);
    }
}
