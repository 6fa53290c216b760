using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Personalization.Clustering;

namespace Personalization.Sql;

/// <content>The SQL of one fit: the statistics, sampling, assignment, relocation and inertia queries.</content>
public sealed partial class SqlKMeans
{
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
