namespace Personalization.Monitoring;

/// <summary>
/// Re-fits a segmentation on a new window, warm-started from the previous centroids, and keeps
/// segment ids stable by matching the new centroids to the old ones.
/// </summary>
/// <remarks>
/// Works with any <see cref="IWarmStartClusterer{T}"/> (for example K-Means from
/// Personalization.Clustering): the clusterer starts cluster i from previous centroid i, and the
/// Hungarian matching (<see cref="CentroidMatching"/>) then renames clusters in case the fit swapped
/// them, so segment s of the result is the continuation of segment s before. All members are
/// static and thread-safe when the clusterer is.
/// </remarks>
public static class SegmentRefresh
{
    /// <summary>Refreshes a segmentation given its previous model (its training labels give the shares "then").</summary>
    /// <param name="clusterer">The warm-startable clusterer.</param>
    /// <param name="previous">The previous model; its centroids are the warm start and the stable ids are its cluster indices.</param>
    /// <param name="data">The new window, scaled like the previous training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The refreshed model, stable ids and what moved.</returns>
    /// <remarks>See <see cref="Refresh(IWarmStartClusterer{double}, FeatureMatrix{double}, FeatureMatrix{double}, CancellationToken)"/>; the reference shares are the shares of <c>previous.Labels</c>, or, for a model loaded without its training labels (empty <c>Labels</c>), the previous assignment of the new window.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, or its columns differ from the centroids'.</exception>
    /// <exception cref="InvalidOperationException">The clusterer returned a different number of clusters or features than it was started with.</exception>
    public static SegmentRefreshResult Refresh(IWarmStartClusterer<double> clusterer, ICentroidClusteringModel<double> previous, FeatureMatrix<double> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return Refresh(clusterer, previous.Centroids, data, previous.Labels.IsEmpty ? null : previous.Labels.ToArray(), cancellationToken);
    }

    /// <summary>Refreshes a segmentation given the previous centroids in stable-id order.</summary>
    /// <param name="clusterer">The warm-startable clusterer.</param>
    /// <param name="previousCentroids">The previous centroids, row s = segment s (for example <see cref="SegmentRefreshResult.Centroids"/> of the last refresh).</param>
    /// <param name="data">The new window, scaled like the previous training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The refreshed model, stable ids and what moved.</returns>
    /// <remarks>
    /// Steps: (1) fit <paramref name="clusterer"/> on <paramref name="data"/> from
    /// <paramref name="previousCentroids"/>; (2) match new to previous centroids by least total
    /// Euclidean distance (Hungarian, O(k^3)); new cluster j gets the id of its matched previous
    /// segment; (3) assign every row to its nearest previous centroid (squared Euclidean, ties to the
    /// lower id) and build the transition matrix previous -&gt; refreshed; (4) compare segment shares
    /// (reference = the previous assignment of the new window) by chi-square and PSI. Cost: the fit
    /// plus O(n k d + k^3).
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The data or centroids are empty or not finite, or their columns differ.</exception>
    /// <exception cref="InvalidOperationException">The clusterer returned a different number of clusters or features than it was started with.</exception>
    public static SegmentRefreshResult Refresh(IWarmStartClusterer<double> clusterer, FeatureMatrix<double> previousCentroids, FeatureMatrix<double> data, CancellationToken cancellationToken = default) =>
        Refresh(clusterer, previousCentroids, data, null, cancellationToken);

    private static SegmentRefreshResult Refresh(IWarmStartClusterer<double> clusterer, FeatureMatrix<double> previousCentroids, FeatureMatrix<double> data, int[]? referenceLabels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusterer);
        ArgumentNullException.ThrowIfNull(previousCentroids);
        ArgumentNullException.ThrowIfNull(data);
        previousCentroids.ThrowIfEmptyOrNotFinite(nameof(previousCentroids));
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        if (previousCentroids.ColumnCount != data.ColumnCount)
        {
            throw new ArgumentException($"data has {data.ColumnCount} columns but previousCentroids has {previousCentroids.ColumnCount}; refresh on the same (scaled) features.", nameof(data));
        }

        int k = previousCentroids.RowCount;
        ICentroidClusteringModel<double> model = clusterer.Fit(data, previousCentroids, cancellationToken);
        FeatureMatrix<double> fitted = model.Centroids;
        if (fitted.RowCount != k || fitted.ColumnCount != data.ColumnCount || model.Labels.Length != data.RowCount)
        {
            throw new InvalidOperationException($"The clusterer returned {fitted.RowCount} centroids x {fitted.ColumnCount} features and {model.Labels.Length} labels, but it was started from {k} centroids x {data.ColumnCount} features on {data.RowCount} rows.");
        }

        CentroidMatch match = CentroidMatching.Match(previousCentroids, fitted);
        int[] segmentOfCluster = [.. match.PreviousOfCurrent];

        ReadOnlySpan<int> modelLabels = model.Labels;
        var labels = new int[data.RowCount];
        for (int r = 0; r < labels.Length; r++)
        {
            labels[r] = segmentOfCluster[modelLabels[r]];
        }

        var centroidValues = new double[k * data.ColumnCount];
        for (int j = 0; j < k; j++)
        {
            fitted.Row(j).CopyTo(centroidValues.AsSpan(segmentOfCluster[j] * data.ColumnCount, data.ColumnCount));
        }

        var segmentNames = new string[k];
        for (int s = 0; s < k; s++)
        {
            segmentNames[s] = "segment " + s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        FeatureMatrix<double> centroids = FeatureMatrix<double>.FromOwnedArray(centroidValues, k, data.ColumnCount, data.ColumnNames, segmentNames);
        int[] previousLabels = Nearest(previousCentroids, data);
        return new SegmentRefreshResult
        {
            Model = model,
            SegmentOfCluster = segmentOfCluster,
            Labels = labels,
            Centroids = centroids,
            PreviousLabels = previousLabels,
            Match = match,
            Shares = SegmentShares.Compare(referenceLabels ?? previousLabels, labels, k),
            Transitions = SegmentTransitions.Compute(previousLabels, labels, k, k),
        };
    }

    /// <summary>The index of the nearest centroid (squared Euclidean, ties to the lower index) of every row.</summary>
    internal static int[] Nearest(FeatureMatrix<double> centroids, FeatureMatrix<double> data)
    {
        var labels = new int[data.RowCount];
        for (int r = 0; r < data.RowCount; r++)
        {
            ReadOnlySpan<double> row = data.Row(r);
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int c = 0; c < centroids.RowCount; c++)
            {
                double d = System.Numerics.Tensors.TensorPrimitives.Distance(row, centroids.Row(c));
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = c;
                }
            }

            labels[r] = best;
        }

        return labels;
    }
}
