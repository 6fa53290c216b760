using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Personalization.Sql;

/// <summary>Experiment statistics computed in the engine: per arm and metric the count, sums, sums of squares, extremes and the
/// cross-products with the covariate and of the ratio metrics, from one <c>GROUP BY</c>, ready for the summary-based tests of
/// <c>Personalization.Experiments</c> (z-test, Welch, CUPED, ratio metrics, mSPRT).</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class SqlExperimentStatistics
{
    private const string Prefix = "pz_";

    private const int CovariateFields = 8;

    private const int MetricFields = 7;

    /// <summary>Computes the statistics of every arm with one aggregate query.</summary>
    /// <param name="connection">An open or closed connection (a closed one is opened and closed again).</param>
    /// <param name="source">The experiment table or query, one row per randomisation unit (<see cref="ScoringSqlSource.IdColumn"/> is not used).</param>
    /// <param name="columns">The arm, conversion, revenue and optional covariate columns.</param>
    /// <param name="dialect">The dialect, or <see langword="null"/> to pick it from the connection type.</param>
    /// <param name="commandTimeoutSeconds">The command timeout in seconds, 0 for none.</param>
    /// <returns>One entry per arm, ordered by the arm name in ordinal order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/>, <paramref name="source"/> or <paramref name="columns"/> is null.</exception>
    /// <exception cref="ArgumentException">The source is invalid, no metric is given, a column name is empty or repeated, or a ratio names a column outside the metrics.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="commandTimeoutSeconds"/> is negative.</exception>
    /// <exception cref="InvalidDataException">A unit has no arm, a NULL, NaN or infinite metric value, or a NaN or infinite covariate
    /// (NULL covariates are allowed: they mean "no covariate", as in <see cref="Experiments.ExperimentUnit"/>); the message names the arm, the column and the count.</exception>
    /// <exception cref="DbException">The engine rejects the query (for example a missing table or column).</exception>
    /// <remarks>Sums are the engine's <c>SUM</c> over doubles; its order of addition is the engine's (and may vary with a parallel plan), so the
    /// statistics equal a .NET summation to rounding, not bit for bit. Counts are exact.</remarks>
    public static IReadOnlyList<SqlArmStatistics> Compute(DbConnection connection, ScoringSqlSource source, SqlExperimentColumns columns, SqlDialect? dialect = null, int commandTimeoutSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        source.Validate();
        columns.Validate();
        if (commandTimeoutSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(commandTimeoutSeconds), commandTimeoutSeconds, $"commandTimeoutSeconds must be at least 0, but was {commandTimeoutSeconds}.");
        }

        dialect ??= SqlDialect.For(connection);
        string sql = Sql(dialect, source, columns);
        bool opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            connection.Open();
        }

        try
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = commandTimeoutSeconds;
            using DbDataReader reader = command.ExecuteReader();
            var arms = new List<SqlArmStatistics>();
            int m = columns.Metrics.Count;
            while (reader.Read())
            {
                string? arm = reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture);
                long count = Long(reader, 1);
                if (arm is null)
                {
                    throw new InvalidDataException($"{count} units of {Describe(source)} have no arm (column '{columns.Arm}' is NULL); every unit needs an arm.");
                }

                CheckBad(Long(reader, 7), arm, $"a NaN or infinite covariate (column '{columns.Covariate}')");
                var metrics = new (double Sum, double Squares, double Min, double Max, bool Binary, double Cross)[m];
                for (int j = 0; j < m; j++)
                {
                    int o = CovariateFields + (j * MetricFields);
                    CheckBad(Long(reader, o + 4), arm, $"a NULL, NaN or infinite value of metric '{columns.Metrics[j]}' (use 0 for no outcome)");
                    metrics[j] = (Double(reader, o), Double(reader, o + 1), reader.GetDouble(o + 2), reader.GetDouble(o + 3), Long(reader, o + 5) == 0, Double(reader, o + 6));
                }

                var ratios = new Dictionary<(string, string), double>();
                for (int q = 0; q < columns.Ratios.Count; q++)
                {
                    ratios[columns.Ratios[q]] = Double(reader, CovariateFields + (m * MetricFields) + q);
                }

                arms.Add(new SqlArmStatistics(
                    arm,
                    count,
                    Long(reader, 2),
                    Double(reader, 3),
                    Double(reader, 4),
                    reader.IsDBNull(5) ? double.NaN : reader.GetDouble(5),
                    reader.IsDBNull(6) ? double.NaN : reader.GetDouble(6),
                    owner => [.. metrics.Select((v, j) => new SqlMetricStatistics(owner, columns.Metrics[j], v.Sum, v.Squares, v.Min, v.Max, v.Binary, v.Cross))],
                    ratios));
            }

            // the engine sorted with the ordinal collation; sort again in .NET in case it returned another order
            arms.Sort((a, b) => string.CompareOrdinal(a.Arm, b.Arm));
            return arms;
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    internal static string Sql(SqlDialect dialect, ScoringSqlSource source, SqlExperimentColumns columns)
    {
        string relation = source.Table is { } table
            ? (source.Schema is { } schema ? dialect.QuoteIdentifier(schema) + "." : string.Empty) + dialect.QuoteIdentifier(table)
            : "(" + source.Query + ") AS " + Prefix + "source";
        string type = dialect.DoubleType;
        string bigint = dialect.BigIntType;
        string a = Prefix + "arm", x = Prefix + "covariate";
        string covariate = columns.Covariate is null ? $"CAST(NULL AS {type})" : $"CAST({dialect.QuoteIdentifier(columns.Covariate)} AS {type})";
        string finiteX = $"CASE WHEN {dialect.IsFinite(x)} THEN {x} END";
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"WITH {Prefix}units AS (SELECT {dialect.OrdinalText(dialect.ToText(dialect.QuoteIdentifier(columns.Arm)))} AS {a}, {covariate} AS {x}");
        for (int j = 0; j < columns.Metrics.Count; j++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", CAST({dialect.QuoteIdentifier(columns.Metrics[j])} AS {type}) AS {Y(j)}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" FROM {relation})\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {a}, COUNT(*), COUNT({finiteX}), SUM({finiteX}), SUM({finiteX} * {finiteX}), MIN({finiteX}), MAX({finiteX}), ");
        sql.Append(CultureInfo.InvariantCulture, $"CAST(SUM(CASE WHEN {x} IS NOT NULL AND NOT ({dialect.IsFinite(x)}) THEN 1 ELSE 0 END) AS {bigint})");
        for (int j = 0; j < columns.Metrics.Count; j++)
        {
            string y = Y(j);
            string finiteY = Finite(dialect, y);
            sql.Append(CultureInfo.InvariantCulture, $",\n  SUM({finiteY}), SUM({finiteY} * {finiteY}), MIN({finiteY}), MAX({finiteY}), ");
            sql.Append(CultureInfo.InvariantCulture, $"CAST(SUM(CASE WHEN {y} IS NULL OR NOT ({dialect.IsFinite(y)}) THEN 1 ELSE 0 END) AS {bigint}), ");
            sql.Append(CultureInfo.InvariantCulture, $"CAST(SUM(CASE WHEN {y} = 0 OR {y} = 1 THEN 0 ELSE 1 END) AS {bigint}), SUM({finiteY} * {finiteX})");
        }

        foreach ((string numerator, string denominator) in columns.Ratios)
        {
            sql.Append(CultureInfo.InvariantCulture, $",\n  SUM({Finite(dialect, Y(Index(columns, numerator)))} * {Finite(dialect, Y(Index(columns, denominator)))})");
        }

        sql.Append(CultureInfo.InvariantCulture, $"\nFROM {Prefix}units GROUP BY {a} ORDER BY {a}");
        return sql.ToString();
    }

    private static string Y(int j) => Prefix + "y" + j.ToString(CultureInfo.InvariantCulture);

    private static string Finite(SqlDialect dialect, string y) => $"CASE WHEN {dialect.IsFinite(y)} THEN {y} END";

    private static int Index(SqlExperimentColumns columns, string metric)
    {
        for (int j = 0; j < columns.Metrics.Count; j++)
        {
            if (columns.Metrics[j] == metric)
            {
                return j;
            }
        }

        throw new ArgumentException($"'{metric}' is not in columns.Metrics.", nameof(columns));
    }

    private static void CheckBad(long bad, string arm, string what)
    {
        if (bad > 0)
        {
            throw new InvalidDataException($"{bad} units of arm '{arm}' have {what}.");
        }
    }

    private static long Long(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static double Double(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetDouble(ordinal);

    private static string Describe(ScoringSqlSource source) => source.Table is { } table ? $"table '{(source.Schema is null ? table : source.Schema + "." + table)}'" : "the source query";
}
