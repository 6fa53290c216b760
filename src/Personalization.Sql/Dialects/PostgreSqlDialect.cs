using System.Data.Common;
using System.Text;
using Personalization.Sql.Internal;

namespace Personalization.Sql;

/// <summary>The PostgreSQL dialect (any ADO.NET provider; tested with Npgsql against PostgreSQL 15).</summary>
/// <remarks>
/// Text is converted only after a regular-expression check, so that an unparseable value yields NULL (and a
/// rejected row) instead of aborting the query; PostgreSQL 15 has no TRY_CAST. Customer ids are ordered with
/// <c>COLLATE "C"</c> (code point order, as .NET's ordinal comparison). The instance is immutable and thread-safe.
/// </remarks>
public sealed class PostgreSqlDialect : SqlDialect
{
    private const string NumberPattern = "'^[[:space:]]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,3})?[[:space:]]*$'";

    private PostgreSqlDialect()
    {
    }

    /// <summary>Gets the dialect.</summary>
    public static PostgreSqlDialect Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "PostgreSQL";

    /// <inheritdoc/>
    public override string TextType => "text";

    /// <inheritdoc/>
    public override string DoubleType => "double precision";

    /// <inheritdoc/>
    /// <value><c>OFFSET 0</c>: PostgreSQL otherwise flattens the subqueries and evaluates each line expression (regular
    /// expressions included) once per aggregate that uses it.</value>
    public override string EvaluateOnceFence => "OFFSET 0";

    /// <inheritdoc/>
    internal override bool GroupsByPartitionKey => true;

    /// <inheritdoc/>
    internal override string? TimestampFromEpoch(string days, string microseconds) =>
        $"(TIMESTAMP '1970-01-01 00:00:00' + make_interval(days => CAST({days} AS integer), secs => CAST({microseconds} AS double precision) / 1000000))";

    /// <inheritdoc/>
    /// <returns><c>@name</c>.</returns>
    public override string ParameterMarker(string name) => "@" + name;

    /// <inheritdoc/>
    /// <remarks>Out-of-range text (such as <c>1e999</c>, infinite in .NET) yields NULL; magnitudes below 1e-300 read as 0.</remarks>
    public override string TryParseDouble(string text) =>
        $"(CASE WHEN {text} ~ {NumberPattern} THEN CASE WHEN abs(CAST({text} AS numeric)) > CAST('1.7976931348623157e308' AS numeric) THEN NULL "
        + $"WHEN abs(CAST({text} AS numeric)) < CAST('1e-300' AS numeric) THEN CAST(0 AS double precision) ELSE CAST({text} AS double precision) END END)";

    /// <inheritdoc/>
    /// <remarks>Each format becomes a regular expression with range-checked fields plus a day-of-month check, so that
    /// no text reaches a cast that would fail; the first matching format wins.</remarks>
    public override string TryParseTimestamp(string text, IReadOnlyList<string>? formats)
    {
        var sb = new StringBuilder("(CASE");
        if (formats is null || formats.Count == 0)
        {
            string iso = StringLiteral(TimestampFormat.IsoPattern);
            sb.Append($" WHEN {text} ~ {iso} THEN CASE WHEN {DayInMonth(text, iso, 1, 2, 3)} THEN CAST({text} AS timestamp) END");
        }
        else
        {
            foreach (string format in formats)
            {
                (string pattern, string replacement, int year, int month, int day) = TimestampFormat.ToRegex(format);
                string p = StringLiteral(pattern);
                sb.Append($" WHEN {text} ~ {p} THEN CASE WHEN {DayInMonth(text, p, year, month, day)} THEN CAST(regexp_replace({text}, {p}, {StringLiteral(replacement)}) AS timestamp) END");
            }
        }

        return sb.Append(" END)").ToString();
    }

    /// <inheritdoc/>
    /// <returns><c>CAST(EXTRACT(EPOCH FROM timestamp) * 1000000 AS BIGINT)</c> (exact: EXTRACT returns numeric).</returns>
    public override string EpochMicroseconds(string timestamp) => $"CAST(EXTRACT(EPOCH FROM {timestamp}) * 1000000 AS BIGINT)";

    /// <inheritdoc/>
    public override string IsFinite(string value) =>
        $"({value} <> CAST('Infinity' AS double precision) AND {value} <> CAST('-Infinity' AS double precision) AND {value} <> CAST('NaN' AS double precision))";

    /// <inheritdoc/>
    /// <returns><c>CAST(round(value) AS BIGINT)</c>: PostgreSQL rounds double precision with rint(), ties to even.</returns>
    public override string RoundHalfEvenToBigInt(string value) => $"CAST(round({value}) AS BIGINT)";

    private static string DayInMonth(string text, string pattern, int year, int month, int day)
    {
        string group(int g) => $"CAST(regexp_replace({text}, {pattern}, '\\{g}') AS integer)";
        return $"{group(day)} <= EXTRACT(DAY FROM make_date({group(year)}, {group(month)}, 1) + interval '1 month' - interval '1 day')";
    }

    /// <inheritdoc/>
    /// <returns><c>(text) COLLATE "C"</c>.</returns>
    public override string OrdinalText(string text) => "(" + text + ") COLLATE \"C\"";

    /// <inheritdoc/>
    /// <returns><c>host:port</c>, with Npgsql's default port 5432 when the connection string names none.</returns>
    public override string DescribeEndpoint(DbConnection connection)
    {
        string endpoint = base.DescribeEndpoint(connection);
        return endpoint.Contains(':', StringComparison.Ordinal) || endpoint.Length == 0 ? endpoint : endpoint + ":5432";
    }
}
