namespace Personalization.Monitoring;

/// <summary>A one-to-one matching of current (re-fitted) centroids to previous centroids.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CentroidMatch
{
    /// <summary>Gets, for each current cluster, the matched previous cluster, or -1 when it has none (more current than previous clusters).</summary>
    public required IReadOnlyList<int> PreviousOfCurrent { get; init; }

    /// <summary>Gets, for each previous cluster, the matched current cluster, or -1 when it has none (it disappeared).</summary>
    public required IReadOnlyList<int> CurrentOfPrevious { get; init; }

    /// <summary>Gets, for each previous cluster, the Euclidean distance its centroid moved (in the scaled feature units), or NaN when it disappeared.</summary>
    public required IReadOnlyList<double> Movement { get; init; }

    /// <summary>Gets the sum of the matched distances (the minimum over all matchings).</summary>
    public required double TotalMovement { get; init; }
}
