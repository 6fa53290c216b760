namespace Personalization.Clustering;

/// <summary>Hyperparameters of <see cref="MiniBatchKMeans"/>. Constructing options does no work; <c>Fit</c> and <c>PartialFit</c> validate them.</summary>
public sealed record MiniBatchKMeansOptions : IValidatableOptions
{
    /// <summary>Gets the number of clusters k.</summary>
    /// <value>8. Must be at least 1; the first batch must have at least k rows.</value>
    public int ClusterCount { get; init; } = 8;

    /// <summary>Gets the rows per batch when an in-memory matrix is fitted (streamed batches keep their own size).</summary>
    /// <value>1024 (scikit-learn's default). Must be at least 1.</value>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Gets the passes over an in-memory matrix, each in a new seeded random order.</summary>
    /// <value>3. Must be at least 1.</value>
    public int Epochs { get; init; } = 3;

    /// <summary>Gets the seed of the K-Means++ start and of the batch order.</summary>
    /// <value>0.</value>
    public int Seed { get; init; }

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range; the exception names the option.</exception>
    public void Validate() => MiniBatchKMeans.Validate(this);
}
