namespace Personalization.Clustering;

/// <summary>The exact K-Means iteration used by <see cref="KMeans"/>.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Lloyd's algorithm: every iteration assigns every row to its nearest centroid.</summary>
    Lloyd = 0,

    /// <summary>
    /// Hamerly's algorithm: per-row distance bounds skip rows whose nearest centroid cannot have
    /// changed. Same labels as <see cref="Lloyd"/> from the same start; wins when k is large and the
    /// clusters are well separated, loses a little on small k where Lloyd is memory-bound anyway.
    /// </summary>
    Hamerly = 1,
}
