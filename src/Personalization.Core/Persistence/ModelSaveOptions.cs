namespace Personalization.Persistence;

/// <summary>How <see cref="ModelPersistence"/> writes a model.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ModelSaveOptions
{
    /// <summary>Gets the default options: training labels omitted.</summary>
    public static ModelSaveOptions Default { get; } = new();

    /// <summary>Gets whether models that keep the cluster of every training row (the K-Means and hierarchical models, and the
    /// K-Means model inside a segmentation model) write those labels.</summary>
    /// <value>
    /// Default <see langword="false"/>: the file holds what scoring needs (options, centroids, summaries), so its size
    /// does not grow with the number of training rows; a model loaded from it has empty <c>Labels</c>.
    /// <see langword="true"/> writes one label per training row, for example to profile or refresh the training data later.
    /// </value>
    public bool IncludeTrainingLabels { get; init; }
}
