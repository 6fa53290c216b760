using System.Numerics;

namespace Personalization;

/// <summary>A clustering estimator (K-Means, hierarchical, or your own).</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IClusterer<T> : IEstimator<FeatureMatrix<T>, IClusteringModel<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the number of clusters the estimator produces.</summary>
    int ClusterCount { get; }

    /// <summary>Returns a clusterer of the same kind and options but with another cluster count (used when choosing k).</summary>
    /// <param name="clusterCount">The new cluster count, at least 1.</param>
    /// <returns>A new estimator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clusterCount"/> is less than 1.</exception>
    IClusterer<T> WithClusterCount(int clusterCount);
}

/// <summary>A clusterer that can start from given centroids (warm start), for refreshes over time.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IWarmStartClusterer<T> : IClusterer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Fits starting from <paramref name="initialCentroids"/> instead of the estimator's own initialisation.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="initialCentroids">One row per cluster, with the columns of <paramref name="data"/>.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>A new fitted model whose cluster i starts from centroid i.</returns>
    /// <exception cref="ArgumentException">The shapes do not match.</exception>
    ICentroidClusteringModel<T> Fit(FeatureMatrix<T> data, FeatureMatrix<T> initialCentroids, CancellationToken cancellationToken = default);
}
