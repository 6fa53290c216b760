namespace Personalization.Clustering;

/// <summary>How <see cref="KMeans"/> chooses the starting centroids.</summary>
public enum KMeansInitialization
{
    /// <summary>
    /// Greedy K-Means++ (scikit-learn's default): each new centroid is the best of
    /// <c>2 + floor(ln k)</c> candidates drawn with probability proportional to the weighted squared
    /// distance to the nearest centroid chosen so far.
    /// </summary>
    KMeansPlusPlus = 0,

    /// <summary><c>k</c> distinct rows drawn at random (with probability proportional to the sample weight).</summary>
    Random = 1,

    /// <summary>
    /// K-Means|| (Bahmani et al. 2012): a few rounds that each sample about <c>2k</c> rows in parallel,
    /// then weighted K-Means++ on the sampled rows. Far fewer passes than K-Means++ when n and k are large.
    /// </summary>
    KMeansParallel = 2,

    /// <summary>The centroids given in <see cref="KMeansOptions.InitialCentroids"/>.</summary>
    Given = 3,
}
