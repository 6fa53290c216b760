using System.Globalization;
using System.Numerics;
using Personalization.Clustering.Internal;
using Personalization.Internal;

namespace Personalization.Clustering;

/// <summary>
/// Agglomerative (hierarchical) clustering with ward, complete, average or single linkage: builds the
/// full merge tree (SciPy's linkage convention) and cuts it into <see cref="HierarchicalOptions.ClusterCount"/> clusters.
/// </summary>
/// <typeparam name="T">The element type, <see cref="float"/> or <see cref="double"/>; distances are computed in double.</typeparam>
/// <remarks>
/// Algorithms (Müllner 2011): ward uses a nearest-neighbour chain over cluster means (O(n^2 d) time,
/// O(n d) memory); complete and average use a nearest-neighbour chain over the full distance matrix,
/// one array per visited cluster, updated lazily (O(n^2) time, at most n^2 doubles of memory); single linkage is Prim's minimum
/// spanning tree with distances computed on the fly (O(n^2 d) time, O(n) memory). The estimator is
/// stateless and thread-safe; the result is deterministic for any number of threads.
/// </remarks>
public sealed class HierarchicalClustering<T> : IClusterer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    public HierarchicalClustering(HierarchicalOptions? options = null)
    {
        Options = options ?? new HierarchicalOptions();
    }

    /// <summary>Gets the options.</summary>
    public HierarchicalOptions Options { get; }

    /// <inheritdoc />
    public int ClusterCount => Options.ClusterCount;

    /// <inheritdoc />
    public IClusterer<T> WithClusterCount(int clusterCount)
    {
        if (clusterCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(clusterCount), clusterCount, $"clusterCount must be at least 1, but was {clusterCount}.");
        }

        return new HierarchicalClustering<T>(Options with { ClusterCount = clusterCount });
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, <see cref="HierarchicalOptions.ClusterCount"/> exceeds the number of clustered rows, or the data has more rows than <see cref="HierarchicalOptions.MaxRows"/> (the message states the memory needed and suggests K-Means or sampling).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    IClusteringModel<T> IEstimator<FeatureMatrix<T>, IClusteringModel<T>>.Fit(FeatureMatrix<T> input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Builds the merge tree, cuts it and returns the fitted model.</summary>
    /// <param name="data">The rows to cluster (scale them first: distances are Euclidean).</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model with the tree, labels and cluster means.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <see cref="HierarchicalOptions.ClusterCount"/> exceeds the number of clustered rows.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, or has more rows than <see cref="HierarchicalOptions.MaxRows"/> (the message states the memory needed and suggests K-Means or sampling).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public HierarchicalModel<T> Fit(FeatureMatrix<T> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(Options);
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        int n = data.RowCount;
        int d = data.ColumnCount;

        int[]? sampleRows = null;
        FeatureMatrix<T> clustered = data;
        if (Options.SampleSize is int sampleSize && n > sampleSize)
        {
            sampleRows = RowSampling.WithoutReplacement(n, sampleSize, Options.Seed, sorted: true);
            clustered = data.SelectRows(sampleRows);
        }

        int m = clustered.RowCount;
        if (Options.ClusterCount > m)
        {
            throw new ArgumentException($"options.ClusterCount is {Options.ClusterCount} but only {m} rows are clustered; k must not exceed the number of rows. Lower ClusterCount or add data.", nameof(data));
        }

        if (m > Options.MaxRows)
        {
            throw new ArgumentException(MemoryMessage(m, d, Options.Linkage, Options.MaxRows), nameof(data));
        }

        LinkageTree tree = BuildTree(clustered.AsMemory(), m, d, Options.Linkage, cancellationToken);
        int[] treeLabels = tree.Cut(Options.ClusterCount);
        int k = Options.ClusterCount;
        var counts = new int[k];
        double[] means = ClusterStatistics.Means(clustered.AsSpan(), m, d, treeLabels, k, counts);

        int[] labels;
        if (sampleRows is null)
        {
            labels = treeLabels;
        }
        else
        {
            labels = new int[n];
            NearestMean.Assign(data.AsSpan(), n, d, means, k, labels);
        }

        var centroidValues = new T[k * d];
        for (int i = 0; i < centroidValues.Length; i++)
        {
            centroidValues[i] = T.CreateTruncating(means[i]);
        }

        var centroids = FeatureMatrix<T>.FromOwnedArray(centroidValues, k, d, data.ColumnNames);
        return new HierarchicalModel<T>(Options, tree, labels, centroids, sampleRows);
    }

    /// <summary>Builds the merge tree of all rows of <paramref name="data"/> with the given linkage.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="linkage">The linkage criterion.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The tree in SciPy's linkage convention.</returns>
    /// <remarks>No memory guard: the caller decides. Complete and average linkage allocate up to n^2 doubles (one row per visited cluster).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="linkage"/> is not defined.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, or has more than <see cref="HierarchicalOptions.MaxRowsLimit"/> rows.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static LinkageTree BuildTree(FeatureMatrix<T> data, Linkage linkage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Enum.IsDefined(linkage))
        {
            throw new ArgumentOutOfRangeException(nameof(linkage), linkage, "linkage must be Ward, Complete, Average or Single.");
        }

        data.ThrowIfEmptyOrNotFinite(nameof(data));
        if (data.RowCount > HierarchicalOptions.MaxRowsLimit)
        {
            throw new ArgumentException(MemoryMessage(data.RowCount, data.ColumnCount, linkage, HierarchicalOptions.MaxRowsLimit), nameof(data));
        }

        return BuildTree(data.AsMemory(), data.RowCount, data.ColumnCount, linkage, cancellationToken);
    }

    internal static LinkageTree BuildTree(ReadOnlyMemory<T> data, int n, int d, Linkage linkage, CancellationToken cancellationToken)
    {
        if (n == 1)
        {
            return LinkageTree.FromTrusted(1, [], [], [], []);
        }

        var left = new int[n - 1];
        var right = new int[n - 1];
        var heights = new double[n - 1];
        switch (linkage)
        {
            case Linkage.Ward:
                WardChain.Ward(data.Span, n, d, left, right, heights, cancellationToken);
                break;
            case Linkage.Single:
                MinimumSpanningTreeLinkage.Build(data.Span, n, d, left, right, heights, cancellationToken);
                break;
            default:
                DistanceRows rows = DistanceRows.Create(data.Span, n, d);
                NearestNeighborChain.Build(rows, n, linkage, left, right, heights, cancellationToken);
                break;
        }

        LinkageOrdering.SortAndLabel(n, left, right, heights, out int[] l, out int[] r, out double[] h, out int[] sizes);
        return LinkageTree.FromTrusted(n, l, r, h, sizes);
    }

    /// <summary>The memory-guard message: memory and work needed, and what to do instead.</summary>
    internal static string MemoryMessage(int n, int d, Linkage linkage, int maxRows)
    {
        double pairs = (double)n * (n - 1) / 2;
        double entries = (double)n * n;
        double bytes = linkage is Linkage.Complete or Linkage.Average
            ? (double)n * DistanceRows.PaddedLength(n) * sizeof(double)
            : (double)n * (d + 8) * sizeof(double);
        string what = linkage is Linkage.Complete or Linkage.Average
            ? $"distance rows of up to n^2 = {entries.ToString("N0", CultureInfo.InvariantCulture)} doubles, about {FormatBytes(bytes)}"
            : $"about {FormatBytes(bytes)} of memory but {pairs.ToString("N0", CultureInfo.InvariantCulture)} distance evaluations (O(n^2) time)";
        return $"Hierarchical clustering of {n.ToString("N0", CultureInfo.InvariantCulture)} rows with {linkage} linkage needs {what}, and the memory guard MaxRows is {maxRows.ToString("N0", CultureInfo.InvariantCulture)}. "
            + "Use K-Means for data this large, set HierarchicalOptions.SampleSize to cluster a sample and assign the other rows to the nearest cluster mean, or raise MaxRows if the memory and time are available.";
    }

    private static string FormatBytes(double bytes) => bytes >= 1 << 30
        ? (bytes / (1 << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GB"
        : (bytes / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    internal static void Validate(HierarchicalOptions options) => options.Validate();
}
