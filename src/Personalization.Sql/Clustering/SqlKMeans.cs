using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Personalization.Clustering;

namespace Personalization.Sql;

/// <summary>K-Means fitted inside the engine: each Lloyd iteration is one aggregate query (the nearest-centroid expression and a
/// GROUP BY over the features table), so only k x d sums leave the engine per iteration. The result is an ordinary <see cref="KMeansModel{T}"/>.</summary>
/// <remarks>
/// <para>Seeding: unless <see cref="KMeansOptions.InitialCentroids"/> is given, <see cref="SqlKMeansOptions.SampleSize"/> rows are drawn by the
/// order of md5(seed, id) — the same rows whatever the physical order of the table — and fitted in memory with
/// <see cref="Clustering.KMeans"/> (K-Means++, the same seed and restarts); its centroids start the engine's iterations.</para>
/// <para>Each iteration assigns every row to argmin<sub>c</sub> ||c||² − 2 x·c (the squared distance less ||x||², as the in-memory kernel;
/// the lowest index among exact ties, as <see cref="KMeansModel{T}.Predict(FeatureMatrix{T})"/>) in one pass and one GROUP BY;
/// the new centroids are the cluster sums over the counts. It stops, as the in-memory Lloyd does, when the total squared centre shift
/// is at most Tolerance x the mean feature variance, or when no label changed, or after MaxIterations. Labels changed when any cluster
/// count did; only when every count is unchanged and the shift is above the tolerance is a second query run that counts the rows whose
/// nearest centroid moved (under the previous and the current centroids), so an iteration is one scan. An empty cluster takes the row
/// farthest from its centroid (ties by the lower id, where the in-memory fit takes the lower row index), one per empty cluster in cluster order.</para>
/// <para>The model's <see cref="KMeansModel{T}.Labels"/> are empty (the rows stay in the engine; score them with
/// <see cref="ScoringSql.Segmentation"/>); <see cref="KMeansModel{T}.Inertia"/> is the sum of squared distances to the final centroids.
/// The estimator is stateless and thread-safe; a connection is used by one fit at a time.</para>
/// </remarks>
public sealed partial class SqlKMeans
{
    private const string Prefix = "pz_";

    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public SqlKMeans(SqlKMeansOptions? options = null) => Options = options ?? new SqlKMeansOptions();

    /// <summary>Gets the options.</summary>
    public SqlKMeansOptions Options { get; }

    /// <summary>Fits K-Means to the rows of a features table or query.</summary>
    /// <param name="connection">An open or closed connection (a closed one is opened and closed again).</param>
    /// <param name="source">The table or query, with an id column (unique per row; it orders the seeding sample and breaks relocation ties).</param>
    /// <param name="featureColumns">The feature columns, in the order of the model's centroid columns.</param>
    /// <param name="cancellationToken">Cancels between queries.</param>
    /// <returns>The fitted model, with centroid columns named as <paramref name="featureColumns"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The source is invalid, no feature column is given, a name is empty or repeated, or
    /// <see cref="KMeansOptions.InitialCentroids"/> is not ClusterCount x columns or not finite.</exception>
    /// <exception cref="InvalidDataException">The source has fewer rows than clusters, or a feature is NULL, NaN or infinite (the message names the column and the count).</exception>
    /// <exception cref="DbException">The engine rejects a query (for example a missing table or column).</exception>
    public KMeansModel<double> Fit(DbConnection connection, ScoringSqlSource source, IReadOnlyList<string> featureColumns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(featureColumns);
        Options.Validate();
        source.Validate();
        CheckColumns(featureColumns);
        KMeansOptions kmeans = Options.KMeans;
        int k = kmeans.ClusterCount;
        int d = featureColumns.Count;
        double[]? given = null;
        if (kmeans.InitialCentroids is { } initial)
        {
            if (initial.RowCount != k || initial.ColumnCount != d)
            {
                throw new ArgumentException($"Options.KMeans.InitialCentroids is {initial.RowCount} x {initial.ColumnCount} but must be ClusterCount x feature columns = {k} x {d}.", nameof(featureColumns));
            }

            initial.ThrowIfNotFinite("Options.KMeans.InitialCentroids");
            given = initial.AsSpan().ToArray();
        }

        SqlDialect dialect = Options.Dialect ?? SqlDialect.For(connection);
        bool opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            connection.Open();
        }

        try
        {
            var query = new Query(dialect, source, featureColumns, Options.CommandTimeoutSeconds);
            (long n, double meanVariance) = query.Statistics(connection, k);
            cancellationToken.ThrowIfCancellationRequested();
            double[] centroids = given ?? Seed(query, connection, featureColumns, cancellationToken);
            return Lloyd(query, connection, featureColumns, centroids, n, meanVariance, cancellationToken);
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    private double[] Seed(Query query, DbConnection connection, IReadOnlyList<string> featureColumns, CancellationToken cancellationToken)
    {
        KMeansOptions kmeans = Options.KMeans;
        FeatureMatrix<double> sample = query.Sample(connection, Options.SampleSize, kmeans.Seed, featureColumns);
        if (sample.RowCount < kmeans.ClusterCount)
        {
            throw new InvalidDataException($"The seeding sample has {sample.RowCount} rows but {kmeans.ClusterCount} clusters were asked for.");
        }

        var seeding = new KMeansOptions
        {
            ClusterCount = kmeans.ClusterCount,
            MaxIterations = kmeans.MaxIterations,
            Tolerance = kmeans.Tolerance,
            Restarts = kmeans.Restarts,
            Seed = kmeans.Seed,
            Initialization = kmeans.Initialization == KMeansInitialization.Given ? KMeansInitialization.KMeansPlusPlus : kmeans.Initialization,
            MaxDegreeOfParallelism = 1,
        };
        return new Clustering.KMeans(seeding).Fit(sample, cancellationToken).Centroids.AsSpan().ToArray();
    }

    private KMeansModel<double> Lloyd(Query query, DbConnection connection, IReadOnlyList<string> featureColumns, double[] centroids, long n, double meanVariance, CancellationToken cancellationToken)
    {
        KMeansOptions kmeans = Options.KMeans;
        int k = kmeans.ClusterCount;
        int d = featureColumns.Count;
        double toleranceScaled = kmeans.Tolerance * meanVariance;
        double[]? previous = null;
        var sums = new double[k * d];
        var weights = new double[k];
        var counts = new long[k];
        var previousCounts = new long[k];
        var next = new double[k * d];
        bool converged = false;
        int iteration = 0;
        while (iteration < kmeans.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (counts, previousCounts) = (previousCounts, counts);
            query.Iterate(connection, centroids, sums, counts);
            iteration++;
            for (int c = 0; c < k; c++)
            {
                weights[c] = counts[c];
            }

            Relocate(query, connection, centroids, sums, weights);
            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                double w = weights[c];
                for (int j = 0; j < d; j++)
                {
                    int i = (c * d) + j;
                    next[i] = w > 0 ? sums[i] / w : centroids[i];
                    double delta = next[i] - centroids[i];
                    shift += delta * delta;
                }
            }

            // The in-memory rule: stop when no label changed or when the shift is within the tolerance. Labels changed when the
            // cluster counts did (or on the first assignment); only when every count is unchanged and the shift is above the
            // tolerance does a second query count the rows whose nearest centroid under the previous centroids differs.
            bool stop = shift <= toleranceScaled
                || (previous is not null && counts.AsSpan().SequenceEqual(previousCounts) && query.Changes(connection, centroids, previous) == 0);
            previous ??= new double[k * d];
            (previous, centroids, next) = (centroids, next, previous);
            if (stop)
            {
                converged = true;
                break;
            }
        }

        double inertia = query.Inertia(connection, centroids);
        int distinct = weights.Count(w => w > 0);
        // distinct: the clusters that held at least one row in the last assignment (after relocating empty ones)
        return KMeansModel<double>.FromCentroids(kmeans with { Algorithm = KMeansAlgorithm.Lloyd }, FeatureMatrix<double>.FromOwnedArray(centroids, k, d, [.. featureColumns]), inertia, iteration, converged, Math.Max(distinct, 1));
    }

    /// <summary>Gives each empty cluster the row farthest from its assigned centroid, as the in-memory Lloyd does.</summary>
    private static void Relocate(Query query, DbConnection connection, double[] centroids, double[] sums, double[] weights)
    {
        int k = weights.Length;
        int d = centroids.Length / k;
        int empty = 0;
        for (int c = 0; c < k; c++)
        {
            empty += weights[c] == 0 ? 1 : 0;
        }

        if (empty == 0)
        {
            return;
        }

        List<(int Label, double[] Row)> farthest = query.Farthest(connection, centroids, empty);
        int next = 0;
        for (int c = 0; c < k; c++)
        {
            if (weights[c] != 0)
            {
                continue;
            }

            (int old, double[] x) = farthest[next++];
            for (int j = 0; j < d; j++)
            {
                sums[(old * d) + j] -= x[j];
                sums[(c * d) + j] = x[j];
            }

            weights[c] = 1;
            weights[old] -= 1;
        }
    }

    private static void CheckColumns(IReadOnlyList<string> featureColumns)
    {
        if (featureColumns.Count == 0)
        {
            throw new ArgumentException("featureColumns is empty; name at least one feature column.", nameof(featureColumns));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < featureColumns.Count; j++)
        {
            if (string.IsNullOrWhiteSpace(featureColumns[j]))
            {
                throw new ArgumentException($"featureColumns[{j}] is empty; name the source column of feature {j}.", nameof(featureColumns));
            }

            if (!seen.Add(featureColumns[j]))
            {
                throw new ArgumentException($"featureColumns names '{featureColumns[j]}' twice; name each feature column once.", nameof(featureColumns));
            }
        }
    }
}
