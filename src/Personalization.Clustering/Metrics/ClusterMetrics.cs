using System.Numerics;
using Personalization.Clustering.Internal;
using Personalization.Internal;
using Personalization.Validation;

namespace Personalization.Clustering;

/// <summary>
/// Cluster-validity metrics: silhouette (exact and sampled, mean and per sample), Calinski-Harabasz,
/// Davies-Bouldin, inertia, adjusted Rand index and normalized mutual information. Definitions match
/// scikit-learn 1.2 (<c>sklearn.metrics</c>) with Euclidean distance.
/// </summary>
/// <remarks>
/// Labels may be any integers (for example -1 for noise is an ordinary label); they are mapped to
/// 0..k-1 in ascending order internally. All methods are thread-safe and deterministic: results do
/// not depend on the number of threads. Distances and sums are computed in double precision, except
/// that the silhouette kernel on <see cref="float"/> data computes each distance in single precision.
/// </remarks>
public static partial class ClusterMetrics
{
    /// <summary>Returns the mean silhouette coefficient over all samples (exact, O(n^2 d) time, O(n d) memory).</summary>
    /// <typeparam name="T">The element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">The cluster label of every row.</param>
    /// <returns>The mean silhouette, in [-1, 1]; higher means denser, better separated clusters.</returns>
    /// <remarks>
    /// For sample i in cluster C: a(i) = sum of d(i, j) over j in C / (|C| - 1); b(i) = the smallest
    /// mean distance from i to another cluster; s(i) = (b - a) / max(a, b), and s(i) = 0 when |C| = 1.
    /// A tiled, parallel SIMD kernel computes each pairwise distance once (directly from the
    /// coordinate differences) and adds it to both points' per-cluster sums; the n x n distance
    /// matrix is never built.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or the number of distinct labels is not between 2 and n - 1.</exception>
    public static double Silhouette<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T> => Silhouette(data, labels, -1);

    /// <summary>Returns the mean silhouette over a seeded random sample of rows (for large n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">The cluster label of every row.</param>
    /// <param name="sampleSize">The number of rows drawn without replacement, between 2 and n; the silhouette is computed among them only (as scikit-learn's <c>sample_size</c>).</param>
    /// <param name="seed">The seed of the sample; the same seed gives the same value.</param>
    /// <returns>The mean silhouette of the sample.</returns>
    /// <remarks>Time O(m^2 d) for m = <paramref name="sampleSize"/>. The sample is a partial Fisher-Yates shuffle with <see cref="Random"/>(<paramref name="seed"/>).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleSize"/> is less than 2 or greater than the row count.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or the sample holds fewer than 2 or more than m - 1 distinct labels.</exception>
    public static double Silhouette<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels, int sampleSize, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckData(data, labels);
        if (sampleSize < 2 || sampleSize > data.RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, $"sampleSize must be between 2 and the row count {data.RowCount}, but was {sampleSize}.");
        }

        int[] rows = RowSampling.WithoutReplacement(data.RowCount, sampleSize, seed, sorted: false);
        var sampleLabels = new int[sampleSize];
        for (int i = 0; i < sampleSize; i++)
        {
            sampleLabels[i] = labels[rows[i]];
        }

        FeatureMatrix<T> sample = data.SelectRows(rows);
        int[] codes = LabelEncoding.Encode(sampleLabels, out int k);
        CheckLabelCount(k, sampleSize, "the sample of labels");
        var values = new double[sampleSize];
        SilhouetteKernel.Compute(sample.AsMemory(), sampleSize, data.ColumnCount, codes, k, values, -1);
        return Mean(values);
    }

    /// <summary>Writes the silhouette coefficient of every sample into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">The cluster label of every row.</param>
    /// <param name="destination">Receives one value per row.</param>
    /// <remarks>s(i) = (b(i) - a(i)) / max(a(i), b(i)); see <see cref="Silhouette{T}(FeatureMatrix{T}, ReadOnlySpan{int})"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, <paramref name="destination"/> is shorter than the row count, or the number of distinct labels is not between 2 and n - 1.</exception>
    public static void SilhouetteSamples<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels, Span<double> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckData(data, labels);
        if (destination.Length < data.RowCount)
        {
            throw new ArgumentException($"destination has length {destination.Length} but data has {data.RowCount} rows; it must hold one value per row.", nameof(destination));
        }

        double[] values = SilhouetteCore(data, labels, -1);
        values.CopyTo(destination);
    }

    /// <summary>Returns the Calinski-Harabasz index (variance ratio criterion).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">The cluster label of every row.</param>
    /// <returns>The index; higher is better. 1 when every cluster has zero spread (scikit-learn's convention).</returns>
    /// <remarks>CH = [B / (k - 1)] / [W / (n - k)], B = sum over clusters of n_c ||mean_c - mean||^2, W = sum over samples of ||x - mean_c||^2.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or the number of distinct labels is not between 2 and n - 1.</exception>
    public static double CalinskiHarabasz<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckData(data, labels);
        int n = data.RowCount;
        int d = data.ColumnCount;
        int[] codes = LabelEncoding.Encode(labels, out int k);
        CheckLabelCount(k, n, nameof(labels));
        var counts = new int[k];
        ReadOnlySpan<T> x = data.AsSpan();
        double[] means = ClusterStatistics.Means(x, n, d, codes, k, counts);
        var overall = new double[d];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                overall[j] += means[(c * d) + j] * counts[c];
            }
        }

        for (int j = 0; j < d; j++)
        {
            overall[j] /= n;
        }

        double between = 0;
        for (int c = 0; c < k; c++)
        {
            between += counts[c] * ClusterStatistics.SquaredDistance(means.AsSpan(c * d, d), overall);
        }

        double within = WithinSumOfSquares(x, n, d, codes, means);
        return within == 0 ? 1.0 : between * (n - k) / (within * (k - 1.0));
    }

    /// <summary>Returns the Davies-Bouldin index.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">The cluster label of every row.</param>
    /// <returns>The index, at least 0; lower is better.</returns>
    /// <remarks>
    /// s_c = mean distance of the members of c to its mean; DB = (1/k) sum over c of max over c' != c of
    /// (s_c + s_c') / ||mean_c - mean_c'||. Coincident means contribute 0 (scikit-learn's convention),
    /// and the index is 0 when all s_c or all mean distances are (close to) 0.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or the number of distinct labels is not between 2 and n - 1.</exception>
    public static double DaviesBouldin<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckData(data, labels);
        int n = data.RowCount;
        int d = data.ColumnCount;
        int[] codes = LabelEncoding.Encode(labels, out int k);
        CheckLabelCount(k, n, nameof(labels));
        var counts = new int[k];
        ReadOnlySpan<T> x = data.AsSpan();
        double[] means = ClusterStatistics.Means(x, n, d, codes, k, counts);
        var intra = new double[k];
        for (int i = 0; i < n; i++)
        {
            int c = codes[i];
            intra[c] += Math.Sqrt(ClusterStatistics.SquaredDistance(x.Slice(i * d, d), means.AsSpan(c * d, d)));
        }

        bool allIntraZero = true;
        for (int c = 0; c < k; c++)
        {
            intra[c] /= counts[c];
            allIntraZero &= IsClose(intra[c], 0);
        }

        var centre = new double[k * k];
        bool allCentreZero = true;
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                double dist = Math.Sqrt(ClusterStatistics.SquaredDistance(means.AsSpan(a * d, d), means.AsSpan(b * d, d)));
                centre[(a * k) + b] = dist;
                allCentreZero &= IsClose(dist, 0);
            }
        }

        if (allIntraZero || allCentreZero)
        {
            return 0;
        }

        double total = 0;
        for (int a = 0; a < k; a++)
        {
            double worst = 0;
            for (int b = 0; b < k; b++)
            {
                double dist = centre[(a * k) + b];
                if (b != a && dist != 0)
                {
                    worst = Math.Max(worst, (intra[a] + intra[b]) / dist);
                }
            }

            total += worst;
        }

        return total / k;
    }

    /// <summary>Returns the within-cluster sum of squares around each cluster's own mean.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">The cluster label of every row.</param>
    /// <returns>The inertia, at least 0.</returns>
    /// <remarks>Inertia = sum over samples of ||x_i - mean_(label i)||^2, with means computed from <paramref name="labels"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, or the lengths differ.</exception>
    public static double Inertia<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckData(data, labels);
        int n = data.RowCount;
        int d = data.ColumnCount;
        int[] codes = LabelEncoding.Encode(labels, out int k);
        var counts = new int[k];
        ReadOnlySpan<T> x = data.AsSpan();
        double[] means = ClusterStatistics.Means(x, n, d, codes, k, counts);
        return WithinSumOfSquares(x, n, d, codes, means);
    }

    /// <summary>Returns the sum of squared distances from every sample to the centroid named by its label.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">The label of every row, between 0 and the centroid count - 1.</param>
    /// <param name="centroids">The centroids, one per row, with the columns of <paramref name="data"/>.</param>
    /// <returns>The inertia, at least 0.</returns>
    /// <remarks>Inertia = sum over i of ||x_i - centroid_(label i)||^2 (scikit-learn's <c>KMeans.inertia_</c>).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="centroids"/> is null.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths or column counts differ, or a label does not name a centroid.</exception>
    public static double Inertia<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels, FeatureMatrix<T> centroids)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckData(data, labels);
        ArgumentNullException.ThrowIfNull(centroids);
        if (centroids.ColumnCount != data.ColumnCount)
        {
            throw new ArgumentException($"centroids has {centroids.ColumnCount} columns but data has {data.ColumnCount}; they must match.", nameof(centroids));
        }

        double total = 0;
        int d = data.ColumnCount;
        var centre = new double[d];
        for (int i = 0; i < data.RowCount; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)centroids.RowCount)
            {
                throw new ArgumentException($"labels[{i}] is {label} but there are {centroids.RowCount} centroids; labels must be between 0 and {centroids.RowCount - 1}.", nameof(labels));
            }

            ReadOnlySpan<T> c = centroids.Row(label);
            for (int j = 0; j < d; j++)
            {
                centre[j] = double.CreateTruncating(c[j]);
            }

            total += ClusterStatistics.SquaredDistance(data.Row(i), centre);
        }

        return total;
    }

    /// <summary>Mean silhouette with an explicit degree of parallelism (tests check thread-count invariance).</summary>
    internal static double Silhouette<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckData(data, labels);
        return Mean(SilhouetteCore(data, labels, maxDegreeOfParallelism));
    }

    private static double[] SilhouetteCore<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.RowCount;
        int[] codes = LabelEncoding.Encode(labels, out int k);
        CheckLabelCount(k, n, nameof(labels));
        var values = new double[n];
        SilhouetteKernel.Compute(data.AsMemory(), n, data.ColumnCount, codes, k, values, maxDegreeOfParallelism);
        return values;
    }

    private static double WithinSumOfSquares<T>(ReadOnlySpan<T> x, int n, int d, ReadOnlySpan<int> codes, double[] means)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double within = 0;
        for (int i = 0; i < n; i++)
        {
            within += ClusterStatistics.SquaredDistance(x.Slice(i * d, d), means.AsSpan(codes[i] * d, d));
        }

        return within;
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    private static bool IsClose(double value, double target) => Math.Abs(value - target) <= 1e-8 + (1e-5 * Math.Abs(target));

    private static void CheckData<T>(FeatureMatrix<T> data, ReadOnlySpan<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        if (labels.Length != data.RowCount)
        {
            throw new ArgumentException($"labels has length {labels.Length} but data has {data.RowCount} rows; give one label per row.", nameof(labels));
        }
    }

    private static void CheckLabelCount(int k, int n, string what)
    {
        if (k < 2 || k > n - 1)
        {
            throw new ArgumentException($"{what} hold {k} distinct clusters for {n} samples; this metric needs between 2 and n - 1 = {n - 1} clusters.", "labels");
        }
    }
}
