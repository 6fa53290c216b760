using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Personalization.Sql;

/// <summary>Experiment statistics computed in the engine: per arm the count, sums, sums of squares and cross-products of one
/// <c>GROUP BY</c>, ready for the summary-based tests of <c>Personalization.Experiments</c> (z-test, Welch, CUPED, ratio metrics, mSPRT).</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class SqlExperimentStatistics
{
    private const string Prefix = "pz_";

    /// <summary>Computes the statistics of every arm with one aggregate query.</summary>
    /// <param name="connection">An open or closed connection (a closed one is opened and closed again).</param>
    /// <param name="source">The experiment table or query, one row per randomisation unit (<see cref="ScoringSqlSource.IdColumn"/> is not used).</param>
    /// <param name="columns">The arm, conversion, revenue and optional covariate columns.</param>
    /// <param name="dialect">The dialect, or <see langword="null"/> to pick it from the connection type.</param>
    /// <param name="commandTimeoutSeconds">The command timeout in seconds, 0 for none.</param>
    /// <returns>One entry per arm, ordered by the arm name in ordinal order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/>, <paramref name="source"/> or <paramref name="columns"/> is null.</exception>
    /// <exception cref="ArgumentException">The source is invalid or a column name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="commandTimeoutSeconds"/> is negative.</exception>
    /// <exception cref="InvalidDataException">A unit has no arm, a NULL conversion, a NULL, NaN or infinite revenue, or a NaN or infinite covariate
    /// (NULL covariates are allowed: they mean "no covariate", as in <see cref="Experiments.ExperimentUnit"/>); the message names the arm and the count.</exception>
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
            while (reader.Read())
            {
                string? arm = reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture);
                long count = Long(reader, 1);
                if (arm is null)
                {
                    throw new InvalidDataException($"{count} units of {Describe(source)} have no arm (column '{columns.Arm}' is NULL); every unit needs an arm.");
                }

                CheckBad(Long(reader, 12), arm, $"a NULL conversion (column '{columns.Converted}')");
                CheckBad(Long(reader, 13), arm, $"a NULL, NaN or infinite revenue (column '{columns.Revenue}'; use 0 for no purchase)");
                CheckBad(Long(reader, 14), arm, $"a NaN or infinite covariate (column '{columns.Covariate}')");
                arms.Add(new SqlArmStatistics(
                    arm,
                    count,
                    Long(reader, 2),
                    Double(reader, 3),
                    Double(reader, 4),
                    Double(reader, 5),
                    Long(reader, 6),
                    Double(reader, 7),
                    Double(reader, 8),
                    Double(reader, 9),
                    reader.IsDBNull(10) ? double.NaN : reader.GetDouble(10),
                    reader.IsDBNull(11) ? double.NaN : reader.GetDouble(11)));
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
        string covariate = columns.Covariate is null ? $"CAST(NULL AS {type})" : $"CAST({dialect.QuoteIdentifier(columns.Covariate)} AS {type})";
        string a = Prefix + "arm", c = Prefix + "converted", r = Prefix + "revenue", x = Prefix + "covariate";
        string finiteR = $"CASE WHEN {dialect.IsFinite(r)} THEN {r} END";
        string finiteX = $"CASE WHEN {dialect.IsFinite(x)} THEN {x} END";
        string bigint = dialect.BigIntType;
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"WITH {Prefix}units AS (SELECT {dialect.OrdinalText(dialect.ToText(dialect.QuoteIdentifier(columns.Arm)))} AS {a}, ");
        sql.Append(CultureInfo.InvariantCulture, $"CAST({dialect.QuoteIdentifier(columns.Converted)} AS {type}) AS {c}, CAST({dialect.QuoteIdentifier(columns.Revenue)} AS {type}) AS {r}, {covariate} AS {x} FROM {relation})\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {a}, COUNT(*), CAST(SUM(CASE WHEN {c} <> 0 THEN 1 ELSE 0 END) AS {bigint}), ");
        sql.Append(CultureInfo.InvariantCulture, $"SUM({finiteR}), SUM({finiteR} * {finiteR}), SUM(CASE WHEN {c} <> 0 THEN {finiteR} ELSE 0 END), ");
        sql.Append(CultureInfo.InvariantCulture, $"COUNT({finiteX}), SUM({finiteX}), SUM({finiteX} * {finiteX}), SUM({finiteR} * {finiteX}), MIN({finiteX}), MAX({finiteX}), ");
        sql.Append(CultureInfo.InvariantCulture, $"CAST(SUM(CASE WHEN {c} IS NULL THEN 1 ELSE 0 END) AS {bigint}), ");
        sql.Append(CultureInfo.InvariantCulture, $"CAST(SUM(CASE WHEN {r} IS NULL OR NOT ({dialect.IsFinite(r)}) THEN 1 ELSE 0 END) AS {bigint}), ");
        sql.Append(CultureInfo.InvariantCulture, $"CAST(SUM(CASE WHEN {x} IS NOT NULL AND NOT ({dialect.IsFinite(x)}) THEN 1 ELSE 0 END) AS {bigint})\n");
        sql.Append(CultureInfo.InvariantCulture, $"FROM {Prefix}units GROUP BY {a} ORDER BY {a}");
        return sql.ToString();
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
