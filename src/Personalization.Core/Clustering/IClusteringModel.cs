using System.Numerics;

namespace Personalization;

/// <summary>A fitted clustering: the labels of the training rows and a way to assign new rows.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IClusteringModel<T> : IFittedModel
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the number of clusters.</summary>
    int ClusterCount { get; }

    /// <summary>Gets the number of features (columns) the model was fitted on.</summary>
    int FeatureCount { get; }

    /// <summary>Gets the cluster label (0 to <see cref="ClusterCount"/> - 1) of every training row.</summary>
    ReadOnlySpan<int> Labels { get; }

    /// <summary>Assigns each row of <paramref name="data"/> to a cluster.</summary>
    /// <param name="data">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="labels">Receives one label per row.</param>
    /// <exception cref="ArgumentException">The column count differs, <paramref name="labels"/> is too short, or the data is not finite.</exception>
    void Predict(FeatureMatrix<T> data, Span<int> labels);
}

/// <summary>A clustering whose clusters are represented by centroids.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface ICentroidClusteringModel<T> : IClusteringModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the centroids: one row per cluster, one column per feature.</summary>
    FeatureMatrix<T> Centroids { get; }
}
