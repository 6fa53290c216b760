using System.Numerics;
using Personalization.Clustering.Internal;
using Personalization.Validation;

namespace Personalization.Clustering;

/// <summary>
/// Mini-batch K-Means (Sculley 2010) for data that does not fit in memory: the centroids start by
/// K-Means++ on the first batch, then every batch moves each centroid to the running weighted mean
/// of all rows ever assigned to it. Batches can come from any <see cref="IEnumerable{T}"/>, or one
/// at a time through <see cref="PartialFit{T}"/>.
/// </summary>
/// <remarks>
/// Per batch: assign every row to its nearest centroid c, then
/// <c>n_c' = n_c + b_c</c> and <c>c' = (n_c c + sum_{x in batch, l(x)=c} x) / n_c'</c>, where b_c is the
/// number of batch rows assigned to c. A cluster that receives no row keeps its centroid (scikit-learn
/// additionally re-seeds rarely used clusters; we do not). The estimator is stateless and thread-safe.
/// </remarks>
public sealed class MiniBatchKMeans
{
    /// <summary>Creates an estimator.</summary>
    /// <param name="options">The hyperparameters; validated by <c>Fit</c> and <c>PartialFit</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public MiniBatchKMeans(MiniBatchKMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>Gets the hyperparameters.</summary>
    public MiniBatchKMeansOptions Options { get; }

    /// <summary>Fits over streamed batches, in order.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="batches">The batches; all with the same columns, the first with at least k rows.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>The model after the last batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batches"/> or a batch is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">There is no batch, a batch is empty or holds NaN/Infinity, the columns differ, or the first batch has fewer than k rows.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public MiniBatchKMeansModel<T> Fit<T>(IEnumerable<FeatureMatrix<T>> batches, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(batches);
        MiniBatchKMeansModel<T>? model = null;
        foreach (FeatureMatrix<T> batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            model = PartialFit(model, batch);
        }

        return model ?? throw new ArgumentException("batches is empty; give at least one batch of rows.", nameof(batches));
    }

    /// <summary>Fits an in-memory matrix in seeded random batches of <see cref="MiniBatchKMeansOptions.BatchSize"/> rows, for <see cref="MiniBatchKMeansOptions.Epochs"/> passes.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">Finite rows, at least k of them.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>The model after the last batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, holds NaN or Infinity, has fewer rows than clusters, or the centroid update overflows <typeparamref name="T"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public MiniBatchKMeansModel<T> Fit<T>(FeatureMatrix<T> data, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(Options);
        KMeansChecks.CheckElementType<T>();
        KMeansChecks.CheckData(data, Options.ClusterCount);
        return Fit(Batches(data), cancellationToken);
    }

    /// <summary>Updates <paramref name="model"/> with one more batch (or starts a model from it).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="model">The model so far, or <see langword="null"/> to start from this batch by K-Means++.</param>
    /// <param name="batch">Finite rows with the model's columns; at least k rows when starting.</param>
    /// <returns>A new model; <paramref name="model"/> is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The batch is empty, holds NaN/Infinity, has other columns than the model, (when starting) has fewer rows than clusters, or the centroid update overflows <typeparamref name="T"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public MiniBatchKMeansModel<T> PartialFit<T>(MiniBatchKMeansModel<T>? model, FeatureMatrix<T> batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(Options);
        KMeansChecks.CheckElementType<T>();
        int k = Options.ClusterCount;
        ArgumentNullException.ThrowIfNull(batch);
        batch.ThrowIfEmptyOrNotFinite(nameof(batch));
        int d = batch.ColumnCount;
        T[] centroids;
        double[] counts;
        long batches;
        if (model is null)
        {
            KMeansChecks.CheckData(batch, k);
            if (!KMeansSeeding<T>.TryPlusPlus(batch.AsMemory(), batch.RowCount, d, k, new Random(KMeansChecks.RestartSeed(Options.Seed, 0)), out centroids))
            {
                throw new ArgumentException($"The squared distances of batch overflow {typeof(T).Name} (its variance is not finite); scale the data first, for example with StandardScaler, or fit on double.", nameof(batch));
            }

            counts = new double[k];
            batches = 0;
        }
        else
        {
            if (model.ClusterCount != k || model.FeatureCount != d)
            {
                throw new ArgumentException($"The model has {model.ClusterCount} clusters x {model.FeatureCount} features but the options ask for {k} clusters and batch has {d} columns; they must match.", nameof(batch));
            }

            centroids = model.Centroids.AsSpan().ToArray();
            counts = model.Counts.ToArray();
            batches = model.BatchesSeen;
        }

        var packed = new PackedCentroids<T>(k, d);
        packed.Pack(centroids, k);
        var labels = new int[batch.RowCount];
        if (!KMeansPrediction.Predict(batch, packed, labels, 1))
        {
            batch.ThrowIfNotFinite(nameof(batch));
        }

        KMeansPrediction.CheckLabels<T>(labels, k, nameof(batch));

        var sums = new double[k * d];
        var batchCounts = new double[k];
        ReadOnlySpan<T> values = batch.AsSpan();
        for (int r = 0; r < batch.RowCount; r++)
        {
            int c = labels[r];
            batchCounts[c]++;
            for (int j = 0; j < d; j++)
            {
                sums[(c * d) + j] += double.CreateTruncating(values[(r * d) + j]);
            }
        }

        for (int c = 0; c < k; c++)
        {
            if (batchCounts[c] == 0)
            {
                continue;
            }

            double total = counts[c] + batchCounts[c];
            for (int j = 0; j < d; j++)
            {
                int i = (c * d) + j;
                centroids[i] = T.CreateTruncating(((double.CreateTruncating(centroids[i]) * counts[c]) + sums[i]) / total);
            }

            counts[c] = total;
        }

        foreach (T value in centroids)
        {
            if (!T.IsFinite(value))
            {
                throw new ArgumentException($"The centroid update overflowed {typeof(T).Name} (a centroid is not finite); scale the data first, for example with StandardScaler, or fit on double.", nameof(batch));
            }
        }

        var matrix = FeatureMatrix<T>.FromOwnedArray(centroids, k, d, batch.ColumnNames);
        return new MiniBatchKMeansModel<T>(Options, matrix, counts, batches + 1);
    }

    internal static void Validate(MiniBatchKMeansOptions options)
    {
        Guard.Positive(options.ClusterCount, "options.ClusterCount");
        Guard.Positive(options.BatchSize, "options.BatchSize");
        Guard.Positive(options.Epochs, "options.Epochs");
    }

    private IEnumerable<FeatureMatrix<T>> Batches<T>(FeatureMatrix<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(KMeansChecks.RestartSeed(Options.Seed, 1));
        var order = new int[data.RowCount];
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            random.Shuffle(order);
            int first = Math.Max(Options.BatchSize, Options.ClusterCount);
            for (int start = 0; start < order.Length;)
            {
                int size = Math.Min(start == 0 && epoch == 0 ? first : Options.BatchSize, order.Length - start);
                yield return data.SelectRows(order.AsSpan(start, size));
                start += size;
            }
        }
    }
}
