using Personalization.Clustering;

namespace Personalization.Sql;

/// <summary>Hyperparameters of <see cref="SqlKMeans"/>: the K-Means options plus the seeding sample and the command settings.</summary>
/// <remarks>Constructing options does no work; <see cref="SqlKMeans.Fit"/> validates them. Immutable; <c>with</c> clones.</remarks>
public sealed record SqlKMeansOptions
{
    /// <summary>Gets the K-Means hyperparameters: <see cref="KMeansOptions.ClusterCount"/>, <see cref="KMeansOptions.MaxIterations"/>,
    /// <see cref="KMeansOptions.Tolerance"/>, <see cref="KMeansOptions.Seed"/>, <see cref="KMeansOptions.Restarts"/> (of the seeding fit on the sample)
    /// and <see cref="KMeansOptions.InitialCentroids"/> (when set, no sample is drawn). Iterations are always Lloyd's
    /// (<see cref="KMeansOptions.Algorithm"/> Hamerly gives the same centroids in exact arithmetic and is not used in the engine).</summary>
    /// <value>Default <c>new KMeansOptions()</c> (8 clusters, seed 0).</value>
    public KMeansOptions KMeans { get; init; } = new();

    /// <summary>Gets the number of rows drawn (by a seeded hash of the id, so independent of the table's physical order) and fitted in memory
    /// with K-Means++ to give the initial centroids.</summary>
    /// <value>Default 10,000. Must be at least <see cref="KMeansOptions.ClusterCount"/>.</value>
    public int SampleSize { get; init; } = 10_000;

    /// <summary>Gets the dialect, or <see langword="null"/> to pick it from the connection type.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public SqlDialect? Dialect { get; init; }

    /// <summary>Gets the timeout of each command in seconds, 0 for none.</summary>
    /// <value>Default 0.</value>
    public int CommandTimeoutSeconds { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentNullException"><see cref="KMeans"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the valid range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(KMeans, nameof(KMeans));
        CheckAtLeast(KMeans.ClusterCount, 1, "KMeans.ClusterCount");
        CheckAtLeast(KMeans.MaxIterations, 1, "KMeans.MaxIterations");
        CheckAtLeast(KMeans.Restarts, 1, "KMeans.Restarts");
        if (!(KMeans.Tolerance >= 0) || !double.IsFinite(KMeans.Tolerance))
        {
            throw new ArgumentOutOfRangeException("KMeans.Tolerance", KMeans.Tolerance, $"KMeans.Tolerance must be finite and at least 0, but was {KMeans.Tolerance}.");
        }

        CheckAtLeast(SampleSize, KMeans.ClusterCount, nameof(SampleSize));
        CheckAtLeast(CommandTimeoutSeconds, 0, nameof(CommandTimeoutSeconds));
    }

    private static void CheckAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}, but was {value}.");
        }
    }
}
