namespace Personalization.Clustering;

/// <summary>Options of <see cref="ClusterCountSelection"/>. Constructing options does no work; <c>Evaluate</c> validates them.</summary>
public sealed record ClusterCountSelectionOptions
{
    /// <summary>Gets the smallest cluster count evaluated.</summary>
    /// <value>Default 2; at least 2 (the silhouette needs two clusters).</value>
    public int MinClusterCount { get; init; } = 2;

    /// <summary>Gets the largest cluster count evaluated.</summary>
    /// <value>Default 10; at least <see cref="MinClusterCount"/> and less than the row count.</value>
    public int MaxClusterCount { get; init; } = 10;

    /// <summary>Gets the rule that picks the recommended k.</summary>
    /// <value>Default <see cref="SelectionRule.Silhouette"/>.</value>
    public SelectionRule Rule { get; init; } = SelectionRule.Silhouette;

    /// <summary>Gets the number of uniform reference datasets of the gap statistic; 0 skips the gap statistic (its columns are NaN).</summary>
    /// <value>Default 10; between 0 and 1,000. Each reference costs one fit per k.</value>
    public int GapReferenceCount { get; init; } = 10;

    /// <summary>Gets the silhouette sample size: <see langword="null"/> computes the exact silhouette; a number uses the seeded sampled silhouette for large data.</summary>
    /// <value>Default <see langword="null"/> (exact).</value>
    public int? SilhouetteSampleSize { get; init; }

    /// <summary>Gets the seed of the gap-statistic reference datasets and of the silhouette sample.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }
}
