using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Personalization.Sql;

/// <summary>
/// What the generated SQL needs to know about one engine: identifier quoting, parameter markers, type names,
/// conversions that yield NULL instead of failing, epoch arithmetic, rounding and ordinal string ordering.
/// </summary>
/// <remarks>
/// <para>A dialect only writes SQL text and works through <see cref="System.Data.Common"/>, so it needs no reference
/// to the engine's ADO.NET provider: the user brings the provider and its <see cref="DbConnection"/>.
/// Adding an engine is one class deriving from <see cref="SqlDialect"/> that overrides the abstract members
/// (and the virtual ones whose ANSI default does not fit); <c>docs/sql.md</c> walks through it.</para>
/// <para>Dialects are immutable and thread-safe.</para>
/// </remarks>
public abstract class SqlDialect
{
    /// <summary>Gets the engine's display name, used in messages (such as <c>PostgreSQL</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Gets the name of the engine's variable-length text type.</summary>
    public abstract string TextType { get; }

    /// <summary>Gets the name of the engine's IEEE 754 binary64 type.</summary>
    public abstract string DoubleType { get; }

    /// <summary>Gets the name of the 64-bit integer type.</summary>
    /// <value>Default <c>BIGINT</c>.</value>
    public virtual string BigIntType => "BIGINT";

    /// <summary>Gets a clause that, placed at the end of a derived table, makes the engine compute its columns once per row
    /// instead of inlining their expressions into every use (the generated SQL refers to each line field many times).</summary>
    /// <value>Default empty (engines that eliminate common subexpressions themselves).</value>
    public virtual string EvaluateOnceFence => string.Empty;

    /// <summary>Whether the feature query should let the engine ship the (customer, order) aggregation to the partitions of a table
    /// partitioned by the customer column (PostgreSQL with postgres_fdw and partitionwise aggregation): the orders are then also grouped
    /// by the raw customer column (the partition key), and the line fields keep the columns' collation (equality under a deterministic
    /// collation is byte equality; only the final ordering is ordinal).</summary>
    internal virtual bool GroupsByPartitionKey => false;

    /// <summary>Returns a timestamp (without time zone) expression of epoch days plus microseconds within the day, built without
    /// text-argument functions (which postgres_fdw does not ship), or null when the dialect has none.</summary>
    internal virtual string? TimestampFromEpoch(string days, string microseconds) => null;

    /// <summary>Quotes an identifier (a table, schema or column name) so that any text is taken literally.</summary>
    /// <param name="identifier">The name as stored in the engine.</param>
    /// <returns>The quoted name; the default doubles embedded double quotes and wraps the name in double quotes (ANSI SQL).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="identifier"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="identifier"/> is empty or contains a NUL character.</exception>
    public virtual string QuoteIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier.Length == 0 || identifier.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An identifier must be non-empty and must not contain a NUL character.", nameof(identifier));
        }

        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Returns the marker of a named parameter in SQL text, such as <c>@name</c> or <c>$name</c>.</summary>
    /// <param name="name">The parameter name: ASCII letters, digits and underscores.</param>
    /// <returns>The marker.</returns>
    public abstract string ParameterMarker(string name);

    /// <summary>Adds a named parameter to a command.</summary>
    /// <param name="command">The command.</param>
    /// <param name="name">The parameter name, as given to <see cref="ParameterMarker"/>.</param>
    /// <param name="value">The value: a <see cref="string"/> or a <see cref="long"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="name"/> is null.</exception>
    public virtual void AddParameter(DbCommand command, string name, object value)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(name);
        DbParameter p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>Returns an expression that converts text to <see cref="DoubleType"/>, or NULL when the text is not a number.</summary>
    /// <param name="text">A text expression.</param>
    /// <returns>The expression; it must never raise an error for unparseable text.</returns>
    public abstract string TryParseDouble(string text);

    /// <summary>Returns an expression that converts text to a timestamp, or NULL when the text is not one.</summary>
    /// <param name="text">A text expression.</param>
    /// <param name="formats">The .NET exact formats to try in order (<see cref="Features.TransactionCsvMapping.TimestampFormats"/>), or <see langword="null"/> for ISO 8601.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="NotSupportedException">The dialect cannot parse one of the formats.</exception>
    public abstract string TryParseTimestamp(string text, IReadOnlyList<string>? formats);

    /// <summary>Returns an expression giving the microseconds from 1970-01-01 00:00:00 to a timestamp, as <see cref="BigIntType"/>.</summary>
    /// <param name="timestamp">A timestamp expression.</param>
    /// <returns>The expression.</returns>
    public abstract string EpochMicroseconds(string timestamp);

    /// <summary>Returns a condition that is true when a <see cref="DoubleType"/> value is neither infinite nor NaN.</summary>
    /// <param name="value">A double expression.</param>
    /// <returns>The condition.</returns>
    public abstract string IsFinite(string value);

    /// <summary>Returns an expression that rounds a double to the nearest integer, ties to even (as <see cref="Math.Round(double)"/>), as <see cref="BigIntType"/>.</summary>
    /// <param name="value">A double expression.</param>
    /// <returns>The expression.</returns>
    public abstract string RoundHalfEvenToBigInt(string value);

    /// <summary>Returns an expression that converts any value to text.</summary>
    /// <param name="value">An expression.</param>
    /// <returns>The expression; the default is <c>CAST(value AS TextType)</c>.</returns>
    public virtual string ToText(string value) => $"CAST({value} AS {TextType})";

    /// <summary>Returns the aggregate giving the population variance of a double expression, computed in a numerically stable way (Welford or Youngs-Cramer, as <c>VAR_POP</c> is in DuckDB and PostgreSQL).</summary>
    /// <param name="value">A double expression; NULLs are ignored.</param>
    /// <returns>The aggregate; the default is <c>VAR_POP(value)</c>.</returns>
    public virtual string PopulationVariance(string value) => $"VAR_POP({value})";

    /// <summary>Returns a text expression that groups, compares and sorts by code point (ordinal, as .NET's
    /// <see cref="StringComparer.Ordinal"/>), whatever the database, session or column collation.</summary>
    /// <param name="text">A text expression.</param>
    /// <returns>The expression; the default is the expression itself (for engines whose text is always compared by bytes).</returns>
    public virtual string OrdinalText(string text) => text;

    /// <summary>Returns an expression replacing the first match of a POSIX regular expression.</summary>
    /// <param name="text">A text expression.</param>
    /// <param name="pattern">The pattern, as an SQL string literal.</param>
    /// <param name="replacement">The replacement (<c>\1</c> for the first group), as an SQL string literal.</param>
    /// <returns>The expression; the default is <c>regexp_replace(text, pattern, replacement)</c>.</returns>
    public virtual string RegexReplace(string text, string pattern, string replacement) => $"regexp_replace({text}, {pattern}, {replacement})";

    /// <summary>Returns the clause that keeps the first rows of a query.</summary>
    /// <param name="count">The number of rows.</param>
    /// <returns>The clause; the default is <c>LIMIT count</c>.</returns>
    public virtual string Limit(int count) => "LIMIT " + count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Returns the FROM-clause relation that reads files, for engines that read files themselves.</summary>
    /// <param name="paths">The files (or globs), already checked to exist.</param>
    /// <param name="kind">How the files are stored.</param>
    /// <param name="separator">The CSV field separator.</param>
    /// <returns>The relation.</returns>
    /// <exception cref="NotSupportedException">The engine does not read files (the default).</exception>
    public virtual string FileRelation(IReadOnlyList<string> paths, TransactionFileKind kind, char separator) =>
        throw new NotSupportedException($"{Name} does not read files; read them with embedded DuckDB (SqlFeatureExtractor.ExtractFiles).");

    /// <summary>Describes where a connection points, for error messages: <c>host:port</c> when the connection string names them.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The endpoint, or the data source when no host is named.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public virtual string DescribeEndpoint(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connection.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connection.DataSource;
        }

        string? host = Find(builder, "Host", "Server", "Data Source", "Address");
        string? port = Find(builder, "Port");
        return host is null ? connection.DataSource : port is null ? host : host + ":" + port;
    }

    /// <summary>Returns an SQL string literal (single quotes doubled); used only for engine settings and file paths, never for data values.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The literal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public virtual string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        sb.Append(value.Replace("'", "''", StringComparison.Ordinal));
        return sb.Append('\'').ToString();
    }

    /// <summary>Returns the dialect of a connection from its provider type (DuckDB.NET or Npgsql).</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The dialect.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="NotSupportedException">The provider is not one of the tested engines; pass a dialect in <see cref="SqlSourceOptions.Dialect"/>.</exception>
    public static SqlDialect For(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        string type = connection.GetType().FullName ?? string.Empty;
        if (type.StartsWith("DuckDB.", StringComparison.Ordinal))
        {
            return DuckDBDialect.Instance;
        }

        if (type.StartsWith("Npgsql.", StringComparison.Ordinal))
        {
            return PostgreSqlDialect.Instance;
        }

        throw new NotSupportedException($"No dialect is known for the connection type {type}; pass one in SqlSourceOptions.Dialect (the tested dialects are DuckDBDialect and PostgreSqlDialect).");
    }

    private static string? Find(DbConnectionStringBuilder builder, params string[] keys)
    {
        foreach (string key in keys)
        {
            if (builder.TryGetValue(key, out object? value) && value is not null && value.ToString() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }
}
