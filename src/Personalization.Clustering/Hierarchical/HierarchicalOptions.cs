namespace Personalization.Clustering;

/// <summary>Hyperparameters of <see cref="HierarchicalClustering{T}"/>. Constructing options does no work; <c>Fit</c> validates them.</summary>
public sealed record HierarchicalOptions : IValidatableOptions
{
    /// <summary>The largest <see cref="MaxRows"/> accepted: the row index of the distance matrix stays well inside 32-bit arithmetic and the data within what one machine can cluster (n^2 doubles for complete and average linkage).</summary>
    public const int MaxRowsLimit = 65_000;

    /// <summary>Gets the number of clusters the tree is cut into for <see cref="HierarchicalModel{T}.Labels"/>.</summary>
    /// <value>Default 2; between 1 and the number of clustered rows.</value>
    public int ClusterCount { get; init; } = 2;

    /// <summary>Gets the linkage criterion.</summary>
    /// <value>Default <see cref="Clustering.Linkage.Ward"/>.</value>
    public Linkage Linkage { get; init; } = Linkage.Ward;

    /// <summary>
    /// Gets the memory guard: the most rows the tree is built over. Above it <c>Fit</c> throws an
    /// exception stating the memory needed, instead of running out of memory.
    /// </summary>
    /// <value>Default 20,000 (complete/average distance rows of at most 3.2 GB, typically far less); between 2 and <see cref="MaxRowsLimit"/>.</value>
    public int MaxRows { get; init; } = 20_000;

    /// <summary>
    /// Gets the sample size of the sample-then-assign mode: when set and the data has more rows, a
    /// seeded random sample of this many rows is clustered and every row is then assigned to the
    /// nearest cluster mean. <see langword="null"/> clusters all rows.
    /// </summary>
    /// <value>Default <see langword="null"/> (off); when set, between 2 and <see cref="MaxRows"/>.</value>
    public int? SampleSize { get; init; }

    /// <summary>Gets the seed of the sample drawn in sample-then-assign mode.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ClusterCount"/> is below 1, <see cref="Linkage"/> is undefined, <see cref="MaxRows"/> is outside [2, <see cref="MaxRowsLimit"/>], or <see cref="SampleSize"/> is outside [2, <see cref="MaxRows"/>].</exception>
    public void Validate()
    {
        if (ClusterCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ClusterCount), ClusterCount, $"ClusterCount must be at least 1, but was {ClusterCount}.");
        }

        if (!Enum.IsDefined(Linkage))
        {
            throw new ArgumentOutOfRangeException(nameof(Linkage), Linkage, "Linkage must be Ward, Complete, Average or Single.");
        }

        if (MaxRows < 2 || MaxRows > MaxRowsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRows), MaxRows, $"MaxRows must be between 2 and {MaxRowsLimit}, but was {MaxRows}.");
        }

        if (SampleSize is int s && (s < 2 || s > MaxRows))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleSize), s, $"SampleSize must be null or between 2 and MaxRows ({MaxRows}), but was {s}.");
        }
    }
}
