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
public sealed class SqlKMeans
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

    /// <summary>The SQL of one fit: the source with typed feature columns, and the queries run against it.</summary>
    private sealed class Query(SqlDialect dialect, ScoringSqlSource source, IReadOnlyList<string> columns, int timeout)
    {
        private readonly int _d = columns.Count;

        private string Id => dialect.QuoteIdentifier(source.IdColumn);

        /// <summary>Row count and mean population variance of the features (the tolerance scale), after checking every value is finite.</summary>
        public (long Count, double MeanVariance) Statistics(DbConnection connection, int k)
        {
            var sql = new StringBuilder($"SELECT COUNT(*)");
            for (int j = 0; j < _d; j++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", CAST(SUM(CASE WHEN {X(j)} IS NULL OR NOT ({dialect.IsFinite(X(j))}) THEN 1 ELSE 0 END) AS {dialect.BigIntType}), {dialect.PopulationVariance($"CASE WHEN {dialect.IsFinite(X(j))} THEN {X(j)} END")}");
            }

            sql.Append(CultureInfo.InvariantCulture, $" FROM ({Input()}) AS {Prefix}rows");
            using DbCommand command = Command(connection, sql.ToString());
            using DbDataReader reader = command.ExecuteReader();
            reader.Read();
            long n = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            if (n < k)
            {
                throw new InvalidDataException($"{Describe()} has {n} rows but {k} clusters were asked for; K-Means needs at least as many rows as clusters.");
            }

            double variance = 0;
            for (int j = 0; j < _d; j++)
            {
                long bad = Convert.ToInt64(reader.GetValue(1 + (2 * j)), CultureInfo.InvariantCulture);
                if (bad > 0)
                {
                    throw new InvalidDataException($"Column '{columns[j]}' of {Describe()} has {bad} NULL, NaN or infinite values; K-Means needs finite features (impute or filter them first).");
                }

                variance += reader.GetDouble(2 + (2 * j));
            }

            return (n, variance / _d);
        }

        /// <summary>The first <paramref name="size"/> rows in the order of md5(seed:id).</summary>
        public FeatureMatrix<double> Sample(DbConnection connection, int size, int seed, IReadOnlyList<string> names)
        {
            string key = $"md5({dialect.StringLiteral(seed.ToString(CultureInfo.InvariantCulture) + ":")} || {dialect.ToText(Prefix + "id")})";
            string sql = $"SELECT {string.Join(", ", Enumerable.Range(0, _d).Select(X))} FROM ({Input()}) AS {Prefix}rows ORDER BY {dialect.OrdinalText(key)}, {dialect.OrdinalText(dialect.ToText(Prefix + "id"))} {dialect.Limit(size)}";
            var values = new List<double>();
            using DbCommand command = Command(connection, sql);
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (int j = 0; j < _d; j++)
                {
                    values.Add(reader.GetDouble(j));
                }
            }

            return FeatureMatrix<double>.FromOwnedArray([.. values], values.Count / _d, _d, [.. names]);
        }

        /// <summary>One Lloyd assignment: cluster sums and counts under <paramref name="centroids"/> (one nearest-centroid pass per row).</summary>
        public void Iterate(DbConnection connection, double[] centroids, double[] sums, long[] counts)
        {
            int k = counts.Length;
            var sql = new StringBuilder("WITH ");
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}input AS ({Input()}),\n");
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}scored AS (SELECT {Features()}, {Scores(centroids, "s")} FROM {Prefix}input {dialect.EvaluateOnceFence}),\n");

            // the least score once per row, then the first centroid with that score
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}least AS (SELECT *, {Least(k, "s")} AS {Prefix}smin FROM {Prefix}scored {dialect.EvaluateOnceFence}),\n");
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}nearest AS (SELECT {Features()}, {Nearest(k, "s")} AS {Prefix}label FROM {Prefix}least)\n");
            sql.Append(CultureInfo.InvariantCulture, $"SELECT {Prefix}label, COUNT(*)");
            for (int j = 0; j < _d; j++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", SUM({X(j)})");
            }

            sql.Append(CultureInfo.InvariantCulture, $" FROM {Prefix}nearest GROUP BY {Prefix}label");
            Array.Clear(sums);
            Array.Clear(counts);
            using DbCommand command = Command(connection, sql.ToString());
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                int c = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                counts[c] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                for (int j = 0; j < _d; j++)
                {
                    sums[(c * _d) + j] = reader.GetDouble(2 + j);
                }
            }
        }

        /// <summary>The number of rows whose nearest centroid under <paramref name="centroids"/> differs from the one under <paramref name="previous"/>.</summary>
        public long Changes(DbConnection connection, double[] centroids, double[] previous)
        {
            int k = centroids.Length / _d;
            string sql = $"WITH {Prefix}input AS ({Input()}),\n"
                + $"{Prefix}scored AS (SELECT {Scores(centroids, "s")}, {Scores(previous, "q")} FROM {Prefix}input {dialect.EvaluateOnceFence}),\n"
                + $"{Prefix}least AS (SELECT *, {Least(k, "s")} AS {Prefix}smin, {Least(k, "q")} AS {Prefix}qmin FROM {Prefix}scored {dialect.EvaluateOnceFence}),\n"
                + $"{Prefix}nearest AS (SELECT {Nearest(k, "s")} AS {Prefix}label, {Nearest(k, "q")} AS {Prefix}previous FROM {Prefix}least)\n"
                + $"SELECT CAST(SUM(CASE WHEN {Prefix}label <> {Prefix}previous THEN 1 ELSE 0 END) AS {dialect.BigIntType}) FROM {Prefix}nearest";
            using DbCommand command = Command(connection, sql);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        /// <summary>The <paramref name="count"/> rows farthest from their nearest centroid (ties by the lower id), with that centroid's index.</summary>
        public List<(int Label, double[] Row)> Farthest(DbConnection connection, double[] centroids, int count)
        {
            int k = centroids.Length / _d;
            var distance = new StringBuilder("CASE");
            for (int c = 0; c < k; c++)
            {
                distance.Append(CultureInfo.InvariantCulture, $" WHEN {Prefix}label = {c} THEN {Prefix}d{c}");
            }

            distance.Append(" END");
            string sql = $"WITH {Prefix}input AS ({Input()}),\n"
                + $"{Prefix}scored AS (SELECT {Prefix}id, {Features()}, {Scores(centroids, "s")}, {Squared(centroids, "d")} FROM {Prefix}input {dialect.EvaluateOnceFence}),\n"
                + $"{Prefix}least AS (SELECT *, {Least(k, "s")} AS {Prefix}smin FROM {Prefix}scored {dialect.EvaluateOnceFence}),\n"
                + $"{Prefix}nearest AS (SELECT *, {Nearest(k, "s")} AS {Prefix}label FROM {Prefix}least {dialect.EvaluateOnceFence})\n"
                + $"SELECT {Prefix}label, {Features()} FROM {Prefix}nearest ORDER BY {distance} DESC, {dialect.OrdinalText(dialect.ToText(Prefix + "id"))} {dialect.Limit(count)}";
            var rows = new List<(int, double[])>();
            using DbCommand command = Command(connection, sql);
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var x = new double[_d];
                for (int j = 0; j < _d; j++)
                {
                    x[j] = reader.GetDouble(1 + j);
                }

                rows.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), x));
            }

            return rows;
        }

        /// <summary>Σ over rows of the squared distance to the nearest of <paramref name="centroids"/>.</summary>
        public double Inertia(DbConnection connection, double[] centroids)
        {
            int k = centroids.Length / _d;
            string sql = $"WITH {Prefix}input AS ({Input()}),\n"
                + $"{Prefix}squared AS (SELECT {Squared(centroids, "d")} FROM {Prefix}input {dialect.EvaluateOnceFence})\n"
                + $"SELECT SUM({Least(k, "d")}) FROM {Prefix}squared";
            using DbCommand command = Command(connection, sql);
            return Convert.ToDouble(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        private string Input()
        {
            string relation = source.Table is { } table
                ? (source.Schema is { } schema ? dialect.QuoteIdentifier(schema) + "." : string.Empty) + dialect.QuoteIdentifier(table)
                : "(" + source.Query + ") AS " + Prefix + "source";
            var sql = new StringBuilder($"SELECT {Id} AS {Prefix}id");
            for (int j = 0; j < _d; j++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", CAST({dialect.QuoteIdentifier(columns[j])} AS {dialect.DoubleType}) AS {X(j)}");
            }

            return sql.Append(CultureInfo.InvariantCulture, $" FROM {relation}").ToString();
        }

        private string Features() => string.Join(", ", Enumerable.Range(0, _d).Select(X));

        /// <summary>||c||² − 2 x·c per centroid (the squared distance less ||x||², which does not change the nearest centroid; the
        /// in-memory kernel's form), as ||c||² + Σ<sub>j</sub> x<sub>j</sub> (−2c<sub>j</sub>), columns pz_{letter}{c}.</summary>
        private string Scores(double[] centroids, string letter)
        {
            int k = centroids.Length / _d;
            var parts = new string[k];
            for (int c = 0; c < k; c++)
            {
                double norm = 0;
                var terms = new string[_d];
                for (int j = 0; j < _d; j++)
                {
                    double v = centroids[(c * _d) + j];
                    norm += v * v;
                    terms[j] = $"{X(j)} * {ScoringSql.Literal(dialect, -2 * v)}";
                }

                parts[c] = $"{ScoringSql.Literal(dialect, norm)} + {string.Join(" + ", terms)} AS {Prefix}{letter}{c.ToString(CultureInfo.InvariantCulture)}";
            }

            return string.Join(", ", parts);
        }

        /// <summary>Σ<sub>j</sub> (x<sub>j</sub> − c<sub>j</sub>)² per centroid, in column order, as columns pz_{letter}{c}.</summary>
        private string Squared(double[] centroids, string letter)
        {
            int k = centroids.Length / _d;
            var parts = new string[k];
            for (int c = 0; c < k; c++)
            {
                var terms = new string[_d];
                for (int j = 0; j < _d; j++)
                {
                    string diff = $"({X(j)} - {ScoringSql.Literal(dialect, centroids[(c * _d) + j])})";
                    terms[j] = diff + " * " + diff;
                }

                parts[c] = $"{string.Join(" + ", terms)} AS {Prefix}{letter}{c.ToString(CultureInfo.InvariantCulture)}";
            }

            return string.Join(", ", parts);
        }

        private static string Least(int k, string letter) =>
            k == 1 ? $"{Prefix}{letter}0" : "LEAST(" + string.Join(", ", Enumerable.Range(0, k).Select(c => $"{Prefix}{letter}{c.ToString(CultureInfo.InvariantCulture)}")) + ")";

        /// <summary>The first index whose squared distance equals the least, column pz_{letter}min (the lowest index among exact ties).</summary>
        private static string Nearest(int k, string letter)
        {
            string least = $"{Prefix}{letter}min";
            var sql = new StringBuilder("CASE");
            for (int c = 0; c < k; c++)
            {
                sql.Append(CultureInfo.InvariantCulture, $" WHEN {Prefix}{letter}{c} = {least} THEN {c}");
            }

            return sql.Append(" END").ToString();
        }

        private static string X(int j) => Prefix + "x" + j.ToString(CultureInfo.InvariantCulture);

        private string Describe() => source.Table is { } table ? $"Table '{(source.Schema is null ? table : source.Schema + "." + table)}'" : "The source query";

        private DbCommand Command(DbConnection connection, string sql)
        {
            DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = timeout;
            return command;
        }
    }
}
