using System.Numerics;
using Personalization.Clustering.Internal;
using Personalization.Internal;
using Personalization.Validation;

namespace Personalization.Clustering;

/// <summary>
/// K-Means clustering (Lloyd or Hamerly iterations, K-Means++ / random / K-Means|| / given
/// initialisation, restarts, sample weights) on <see cref="FeatureMatrix{T}"/> of
/// <see cref="float"/> or <see cref="double"/>. The estimator is stateless; <c>Fit</c> returns a new
/// <see cref="KMeansModel{T}"/>.
/// </summary>
/// <remarks>
/// Minimises the inertia <c>sum_i w_i ||x_i - c_{l(i)}||^2</c>. Each iteration assigns every row to
/// its nearest centroid and moves every centroid to the weighted mean of its rows, in one fused,
/// parallel, SIMD pass. The result is identical for any <see cref="KMeansOptions.MaxDegreeOfParallelism"/>.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class KMeans : IWarmStartClusterer<float>, IWarmStartClusterer<double>, IReportsProgress
{
    /// <summary>Creates an estimator.</summary>
    /// <param name="options">The hyperparameters; validated by <c>Fit</c>.</param>
    /// <param name="progress">Receives one report per iteration (stage <c>"Lloyd"</c> or <c>"Hamerly"</c>, metric = inertia) and per restart (stage <c>"Restart"</c>, metric = best inertia so far); <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public KMeans(KMeansOptions options, IProgress<FitProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Progress = progress;
    }

    /// <summary>Creates an estimator with default options and <paramref name="clusterCount"/> clusters.</summary>
    /// <param name="clusterCount">The number of clusters k; validated by <c>Fit</c>.</param>
    public KMeans(int clusterCount)
        : this(new KMeansOptions { ClusterCount = clusterCount })
    {
    }

    /// <summary>Gets the hyperparameters.</summary>
    public KMeansOptions Options { get; }

    /// <summary>Gets the progress sink, or <see langword="null"/>.</summary>
    public IProgress<FitProgress>? Progress { get; }

    /// <summary>Gets the number of clusters k.</summary>
    public int ClusterCount => Options.ClusterCount;

    /// <summary>Returns an estimator with the same options and progress sink but <paramref name="clusterCount"/> clusters.</summary>
    /// <param name="clusterCount">The new k, at least 1.</param>
    /// <returns>A new estimator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clusterCount"/> is less than 1.</exception>
    public KMeans WithClusterCount(int clusterCount)
    {
        Guard.Positive(clusterCount);
        return new KMeans(Options with { ClusterCount = clusterCount }, Progress);
    }

    /// <summary>Fits K-Means to <paramref name="data"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows to cluster: finite, at least <see cref="KMeansOptions.ClusterCount"/> rows.</param>
    /// <param name="cancellationToken">Cancels the fit between iterations.</param>
    /// <returns>The fitted model of the best restart (lowest inertia; the earliest on ties).</returns>
    /// <remarks>
    /// Data with fewer distinct rows than <see cref="KMeansOptions.ClusterCount"/> is not an error: the fit
    /// succeeds, but some clusters own no row. The model says so through
    /// <see cref="KMeansModel{T}.DistinctClusterCount"/> and <see cref="KMeansModel{T}.IsDegenerate"/>; check
    /// the flag before using the clusters (scikit-learn warns "Number of distinct clusters found smaller than
    /// n_clusters" in the same case). Squared distances that overflow <typeparamref name="T"/> are an error.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="KMeansOptions"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, holds NaN or Infinity (the message names the row and column), has fewer rows than clusters, its squared distances overflow <typeparamref name="T"/> (the variance or the inertia is infinite; scale the data), or <see cref="KMeansOptions.InitialCentroids"/> does not match.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public KMeansModel<T> Fit<T>(FeatureMatrix<T> data, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FitCore(data, null, null, cancellationToken);

    /// <summary>Fits K-Means to weighted rows.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows to cluster.</param>
    /// <param name="sampleWeights">One finite non-negative weight per row, not all zero; a row of weight w counts as w copies.</param>
    /// <param name="cancellationToken">Cancels the fit between iterations.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is invalid (see <see cref="Fit{T}(FeatureMatrix{T}, CancellationToken)"/>), <paramref name="sampleWeights"/> has another length than the row count, holds a negative, NaN or infinite weight, or has fewer positive weights than clusters.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public KMeansModel<T> Fit<T>(FeatureMatrix<T> data, ReadOnlySpan<double> sampleWeights, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FitCore(data, KMeansChecks.CheckWeights(sampleWeights, data), null, cancellationToken);

    /// <summary>Fits K-Means starting from <paramref name="initialCentroids"/> (a warm start; no restarts).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows to cluster.</param>
    /// <param name="initialCentroids">One finite row per cluster, with the columns of <paramref name="data"/>; cluster i starts at row i.</param>
    /// <param name="cancellationToken">Cancels the fit between iterations.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="initialCentroids"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is invalid, or <paramref name="initialCentroids"/> does not have <see cref="KMeansOptions.ClusterCount"/> finite rows and the data's column count.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public KMeansModel<T> Fit<T>(FeatureMatrix<T> data, FeatureMatrix<T> initialCentroids, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(initialCentroids);
        return FitCore(data, null, initialCentroids, cancellationToken);
    }

    /// <summary>Fits K-Means to weighted rows starting from <paramref name="initialCentroids"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The rows to cluster.</param>
    /// <param name="sampleWeights">One finite non-negative weight per row, not all zero.</param>
    /// <param name="initialCentroids">One finite row per cluster, with the columns of <paramref name="data"/>.</param>
    /// <param name="cancellationToken">Cancels the fit between iterations.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="initialCentroids"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data, the weights or the centroids are invalid (see the other overloads).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public KMeansModel<T> Fit<T>(FeatureMatrix<T> data, ReadOnlySpan<double> sampleWeights, FeatureMatrix<T> initialCentroids, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(initialCentroids);
        return FitCore(data, KMeansChecks.CheckWeights(sampleWeights, data), initialCentroids, cancellationToken);
    }

    /// <inheritdoc/>
    IClusterer<float> IClusterer<float>.WithClusterCount(int clusterCount) => WithClusterCount(clusterCount);

    /// <inheritdoc/>
    IClusterer<double> IClusterer<double>.WithClusterCount(int clusterCount) => WithClusterCount(clusterCount);

    /// <inheritdoc/>
    IClusteringModel<float> IEstimator<FeatureMatrix<float>, IClusteringModel<float>>.Fit(FeatureMatrix<float> input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <inheritdoc/>
    IClusteringModel<double> IEstimator<FeatureMatrix<double>, IClusteringModel<double>>.Fit(FeatureMatrix<double> input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <inheritdoc/>
    ICentroidClusteringModel<float> IWarmStartClusterer<float>.Fit(FeatureMatrix<float> data, FeatureMatrix<float> initialCentroids, CancellationToken cancellationToken) => Fit(data, initialCentroids, cancellationToken);

    /// <inheritdoc/>
    ICentroidClusteringModel<double> IWarmStartClusterer<double>.Fit(FeatureMatrix<double> data, FeatureMatrix<double> initialCentroids, CancellationToken cancellationToken) => Fit(data, initialCentroids, cancellationToken);

    private KMeansModel<T> FitCore<T>(FeatureMatrix<T> data, double[]? weights, FeatureMatrix<T>? initialCentroids, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        KMeansChecks.CheckElementType<T>();
        KMeansChecks.ValidateOptions(Options);
        int k = Options.ClusterCount;
        KMeansChecks.CheckData(data, k);
        int n = data.RowCount;
        int d = data.ColumnCount;
        if (weights is not null)
        {
            int positive = 0;
            foreach (double w in weights)
            {
                if (w > 0)
                {
                    positive++;
                }
            }

            if (positive < k)
            {
                throw new ArgumentException($"sampleWeights has {positive} positive weights but options.ClusterCount is {k}; at least k rows must have a positive weight.", "sampleWeights");
            }
        }

        T[]? given = null;
        if (initialCentroids is not null)
        {
            given = CheckCentroids(initialCentroids, k, d, nameof(initialCentroids));
        }
        else if (Options.Initialization == KMeansInitialization.Given)
        {
            if (Options.InitialCentroids is null)
            {
                throw new ArgumentException("options.Initialization is Given but options.InitialCentroids is null; set InitialCentroids (one row per cluster) or choose another initialisation.", "options");
            }

            given = CheckCentroids(Options.InitialCentroids.Convert<T>(), k, d, "options.InitialCentroids");
        }

        int threads = ChunkParallel.Resolve(Options.MaxDegreeOfParallelism);
        using var engine = new KMeansEngine<T>(data.AsMemory(), n, d, k, weights, threads);
        engine.ComputeStatistics();
        if (!double.IsFinite(engine.MeanVariance))
        {
            throw Overflow<T>();
        }

        double toleranceScaled = Options.Tolerance * engine.MeanVariance;
        bool hamerly = Options.Algorithm == KMeansAlgorithm.Hamerly;
        int restarts = given is null ? Options.Restarts : 1;
        KMeansRun<T>? best = null;
        for (int restart = 0; restart < restarts; restart++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            T[] start = given ?? Initialize(engine, restart, cancellationToken);
            KMeansRun<T> run = engine.Iterate(start, Options.MaxIterations, toleranceScaled, hamerly, Progress, cancellationToken);
            if (best is null || run.Inertia < best.Inertia)
            {
                best = run;
            }

            Progress?.Report(new FitProgress("Restart", restart + 1, restarts, best.Inertia));
        }

        if (!double.IsFinite(best!.Inertia))
        {
            throw Overflow<T>();
        }

        var centroids = FeatureMatrix<T>.FromOwnedArray(best.Centroids, k, d, data.ColumnNames);
        return new KMeansModel<T>(Options, centroids, best.Labels, best.Inertia, best.Iterations, best.Converged);
    }

    private static ArgumentException Overflow<T>() =>
        new($"The squared distances of data overflow {typeof(T).Name} (the variance or the inertia is not finite); scale the data first, for example with StandardScaler, or fit on double.", "data");

    private T[] Initialize<T>(KMeansEngine<T> engine, int restart, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(KMeansChecks.RestartSeed(Options.Seed, restart));
        return Options.Initialization switch
        {
            KMeansInitialization.Random => engine.SeedRandom(random),
            KMeansInitialization.KMeansParallel => engine.SeedParallel(random, cancellationToken),
            _ => engine.SeedPlusPlus(random, cancellationToken),
        };
    }

    private static T[] CheckCentroids<T>(FeatureMatrix<T> centroids, int k, int d, string paramName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (centroids.RowCount != k || centroids.ColumnCount != d)
        {
            throw new ArgumentException($"{paramName} is {centroids.RowCount} x {centroids.ColumnCount} but must be ClusterCount x data columns = {k} x {d}.", paramName);
        }

        centroids.ThrowIfNotFinite(paramName);
        return centroids.AsSpan().ToArray();
    }
}
