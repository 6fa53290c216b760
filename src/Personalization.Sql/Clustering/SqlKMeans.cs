using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Personalization.Clustering;
using Personalization.Persistence;

namespace Personalization.Sql;

/// <summary>K-Means fitted inside the engine: each Lloyd iteration is one aggregate query (the nearest-centroid expression and a
/// GROUP BY over the features table), so only k x d sums leave the engine per iteration. The result is an ordinary <see cref="KMeansModel{T}"/>.</summary>
/// <remarks>
/// <para>Seeding: unless <see cref="KMeansOptions.InitialCentroids"/> is given, <see cref="SqlKMeansOptions.SampleSize"/> rows are drawn by the
/// order of md5(seed, id) — the same rows whatever the physical order of the table — and fitted in memory with
/// <see cref="Clustering.KMeans"/> (K-Means++, the same seed and restarts); its centroids start the engine's iterations.</para>
/// <para>Each iteration assigns every row to argmin<sub>c</sub> Σ<sub>j</sub> (x<sub>j</sub> − c<sub>j</sub>)² (the lowest index among exact ties,
/// as <see cref="KMeansModel{T}.Predict(FeatureMatrix{T})"/>), and also to the previous centroids to count the rows whose label changed;
/// the new centroids are the cluster sums over the counts. It stops, as the in-memory Lloyd does, when no label changed or when the total squared
/// centre shift is at most Tolerance x the mean feature variance, or after MaxIterations. An empty cluster takes the row farthest from its
/// centroid (ties by the lower id, where the in-memory fit takes the lower row index), one per empty cluster in cluster order.</para>
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
        var next = new double[k * d];
        bool converged = false;
        int iteration = 0;
        while (iteration < kmeans.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long changes = query.Iterate(connection, centroids, previous, sums, weights);
            iteration++;
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

            previous ??= new double[k * d];
            (previous, centroids, next) = (centroids, next, previous);
            if (changes == 0 || shift <= toleranceScaled)
            {
                converged = true;
                break;
            }
        }

        double inertia = query.Inertia(connection, centroids);
        int distinct = weights.Count(w => w > 0);
        return Model(kmeans, FeatureMatrix<double>.FromOwnedArray(centroids, k, d, [.. featureColumns]), inertia, iteration, converged, Math.Max(distinct, 1));
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

    /// <summary>Builds the model through its saved form (the only public constructor of a fitted <see cref="KMeansModel{T}"/>).</summary>
    // distinctClusterCount: the clusters that held at least one row in the last assignment (after relocating empty ones).
    private static KMeansModel<double> Model(KMeansOptions options, FeatureMatrix<double> centroids, double inertia, int iterations, bool converged, int distinctClusterCount)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("elementType", "float64");
            writer.WriteStartObject("options");
            writer.WriteNumber("clusterCount", options.ClusterCount);
            writer.WriteNumber("maxIterations", options.MaxIterations);
            ModelJson.WriteDouble(writer, "tolerance", options.Tolerance);
            writer.WriteNumber("restarts", options.Restarts);
            writer.WriteNumber("seed", options.Seed);
            writer.WriteString("initialization", options.Initialization.ToString());
            writer.WriteString("algorithm", KMeansAlgorithm.Lloyd.ToString());
            writer.WriteNumber("maxDegreeOfParallelism", options.MaxDegreeOfParallelism);
            if (options.InitialCentroids is null)
            {
                writer.WriteNull("initialCentroids");
            }
            else
            {
                ModelJson.WriteMatrix(writer, "initialCentroids", options.InitialCentroids);
            }

            writer.WriteEndObject();
            ModelJson.WriteMatrix(writer, "centroids", centroids);
            ModelJson.WriteArray(writer, "labels", ReadOnlySpan<int>.Empty);
            ModelJson.WriteDouble(writer, "inertia", inertia);
            writer.WriteNumber("iterations", iterations);
            writer.WriteBoolean("converged", converged);
            writer.WriteNumber("distinctClusterCount", distinctClusterCount);
            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return KMeansModel<double>.ReadPayload(document.RootElement, KMeansModel<double>.CurrentFormatVersion);
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

        /// <summary>One Lloyd assignment: cluster sums and counts under <paramref name="centroids"/>, and the number of rows whose label
        /// differs from the one under <paramref name="previous"/> (every row when there is none).</summary>
        public long Iterate(DbConnection connection, double[] centroids, double[]? previous, double[] sums, double[] weights)
        {
            int k = weights.Length;
            var sql = new StringBuilder("WITH ");
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}input AS ({Input()}),\n");
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}squared AS (SELECT {Features()}, {Squared(centroids, "d")}");
            if (previous is not null)
            {
                sql.Append(CultureInfo.InvariantCulture, $", {Squared(previous, "q")}");
            }

            sql.Append(CultureInfo.InvariantCulture, $" FROM {Prefix}input {dialect.EvaluateOnceFence}),\n");

            // the least distance once per row, then the first centroid at that distance
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}least AS (SELECT *, {Least(k, "d")} AS {Prefix}dmin");
            sql.Append(previous is null ? string.Empty : $", {Least(k, "q")} AS {Prefix}qmin");
            sql.Append(CultureInfo.InvariantCulture, $" FROM {Prefix}squared {dialect.EvaluateOnceFence}),\n");
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}nearest AS (SELECT {Features()}, {Nearest(k, "d")} AS {Prefix}label");
            sql.Append(previous is null ? ", -1" : $", {Nearest(k, "q")}");
            sql.Append(CultureInfo.InvariantCulture, $" AS {Prefix}previous FROM {Prefix}least)\n");
            sql.Append(CultureInfo.InvariantCulture, $"SELECT {Prefix}label, COUNT(*), CAST(SUM(CASE WHEN {Prefix}label <> {Prefix}previous THEN 1 ELSE 0 END) AS {dialect.BigIntType})");
            for (int j = 0; j < _d; j++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", SUM({X(j)})");
            }

            sql.Append(CultureInfo.InvariantCulture, $" FROM {Prefix}nearest GROUP BY {Prefix}label");
            Array.Clear(sums);
            Array.Clear(weights);
            long changes = 0;
            using DbCommand command = Command(connection, sql.ToString());
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                int c = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                weights[c] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                changes += Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                for (int j = 0; j < _d; j++)
                {
                    sums[(c * _d) + j] = reader.GetDouble(3 + j);
                }
            }

            return changes;
        }

        /// <summary>The <paramref name="count"/> rows farthest from their nearest centroid (ties by the lower id), with that centroid's index.</summary>
        public List<(int Label, double[] Row)> Farthest(DbConnection connection, double[] centroids, int count)
        {
            int k = centroids.Length / _d;
            string sql = $"WITH {Prefix}input AS ({Input()}),\n"
                + $"{Prefix}squared AS (SELECT {Prefix}id, {Features()}, {Squared(centroids, "d")} FROM {Prefix}input {dialect.EvaluateOnceFence}),\n"
                + $"{Prefix}least AS (SELECT *, {Least(k, "d")} AS {Prefix}dmin FROM {Prefix}squared {dialect.EvaluateOnceFence}),\n"
                + $"{Prefix}nearest AS (SELECT {Prefix}id, {Features()}, {Nearest(k, "d")} AS {Prefix}label, {Prefix}dmin FROM {Prefix}least)\n"
                + $"SELECT {Prefix}label, {Features()} FROM {Prefix}nearest ORDER BY {Prefix}dmin DESC, {dialect.OrdinalText(dialect.ToText(Prefix + "id"))} {dialect.Limit(count)}";
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
