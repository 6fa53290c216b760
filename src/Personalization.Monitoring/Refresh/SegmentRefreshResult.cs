namespace Personalization.Monitoring;

/// <summary>The outcome of a refresh: the re-fitted model, stable segment ids, and what moved.</summary>
/// <remarks>Immutable and thread-safe (the model is immutable by the Core contract).</remarks>
public sealed record SegmentRefreshResult
{
    /// <summary>Gets the model the clusterer fitted on the new window; its own cluster indices are not stable ids.</summary>
    public required ICentroidClusteringModel<double> Model { get; init; }

    /// <summary>Gets the stable segment id of each of the model's clusters.</summary>
    public required IReadOnlyList<int> SegmentOfCluster { get; init; }

    /// <summary>Gets the stable segment id of every row of the new window.</summary>
    public required IReadOnlyList<int> Labels { get; init; }

    /// <summary>Gets the refreshed centroids in stable-id order: row s is segment s. Pass it to the next refresh.</summary>
    public required FeatureMatrix<double> Centroids { get; init; }

    /// <summary>Gets the segment of every row of the new window under the previous centroids (nearest centroid).</summary>
    public required IReadOnlyList<int> PreviousLabels { get; init; }

    /// <summary>Gets the matching of refreshed to previous centroids and how far each segment's centroid moved (scaled units).</summary>
    public required CentroidMatch Match { get; init; }

    /// <summary>Gets segment shares then (previous training labels when known, else <see cref="PreviousLabels"/>) and now (<see cref="Labels"/>).</summary>
    public required SegmentShareComparison Shares { get; init; }

    /// <summary>Gets the transitions from <see cref="PreviousLabels"/> to <see cref="Labels"/>: who changes segment because of the refresh.</summary>
    public required TransitionMatrix Transitions { get; init; }

    /// <summary>Gets the number of segments.</summary>
    public int SegmentCount => Centroids.RowCount;
}
