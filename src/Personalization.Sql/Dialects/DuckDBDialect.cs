using System.Text;
using Personalization.Sql.Internal;

namespace Personalization.Sql;

/// <summary>The DuckDB dialect (DuckDB.NET, embedded): the engine that reads CSV and Parquet files.</summary>
/// <remarks>Tested against DuckDB through DuckDB.NET.Data.Full. The instance is immutable and thread-safe.</remarks>
public sealed class DuckDBDialect : SqlDialect
{
    internal const string RejectsTable = "personalization_reject_errors";
    internal const string RejectsScanTable = "personalization_reject_scans";

    private DuckDBDialect()
    {
    }

    /// <summary>Gets the dialect.</summary>
    public static DuckDBDialect Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "DuckDB";

    /// <inheritdoc/>
    public override string TextType => "VARCHAR";

    /// <inheritdoc/>
    public override string DoubleType => "DOUBLE";

    /// <inheritdoc/>
    /// <returns><c>(text) COLLATE "binary"</c>, so that a database or session <c>default_collation</c> such as <c>nocase</c> does not merge ids.</returns>
    public override string OrdinalText(string text) => "(" + text + ") COLLATE \"binary\"";

    /// <inheritdoc/>
    /// <returns><c>$name</c>.</returns>
    public override string ParameterMarker(string name) => "$" + name;

    /// <inheritdoc/>
    /// <returns><c>TRY_CAST(text AS DOUBLE)</c>.</returns>
    public override string TryParseDouble(string text) => $"TRY_CAST({text} AS DOUBLE)";

    /// <inheritdoc/>
    /// <returns><c>TRY_CAST(text AS TIMESTAMP)</c> for ISO 8601, else <c>try_strptime(text, [formats])</c>.</returns>
    public override string TryParseTimestamp(string text, IReadOnlyList<string>? formats)
    {
        if (formats is null || formats.Count == 0)
        {
            return $"TRY_CAST({text} AS TIMESTAMP)";
        }

        var list = new StringBuilder();
        for (int i = 0; i < formats.Count; i++)
        {
            list.Append(i == 0 ? string.Empty : ", ").Append(StringLiteral(TimestampFormat.ToStrptime(formats[i])));
        }

        return $"try_strptime({text}, [{list}])";
    }

    /// <inheritdoc/>
    /// <returns><c>epoch_us(timestamp)</c>.</returns>
    public override string EpochMicroseconds(string timestamp) => $"epoch_us({timestamp})";

    /// <inheritdoc/>
    /// <returns><c>isfinite(value)</c>.</returns>
    public override string IsFinite(string value) => $"isfinite({value})";

    /// <inheritdoc/>
    /// <returns><c>CAST(round_even(value, 0) AS BIGINT)</c>.</returns>
    public override string RoundHalfEvenToBigInt(string value) => $"CAST(round_even({value}, 0) AS BIGINT)";

    /// <summary>
    /// A typed <c>read_csv</c> of the same files: every column VARCHAR except those given another type, which DuckDB's
    /// reader converts while it parses (cheaper than text columns converted afterwards). A value it cannot convert is
    /// a <c>CAST</c> row in the reject tables instead of a NULL.
    /// </summary>
    internal string TypedCsvRelation(IReadOnlyList<string> paths, char separator, IReadOnlyList<(string Column, string Type)> types)
    {
        string list = PathList(paths);
        var struc = new StringBuilder("{");
        for (int i = 0; i < types.Count; i++)
        {
            struc.Append(i == 0 ? string.Empty : ", ").Append(StringLiteral(types[i].Column)).Append(": ").Append(StringLiteral(types[i].Type));
        }

        struc.Append('}');
        return CsvRelation(list, $"types = {struc}", separator);
    }

    /// <inheritdoc/>
    /// <returns><c>read_csv([...], header = true, all_varchar = true, ...)</c> with DuckDB's reject tables on, or <c>read_parquet([...])</c>.</returns>
    public override string FileRelation(IReadOnlyList<string> paths, TransactionFileKind kind, char separator)
    {
        ArgumentNullException.ThrowIfNull(paths);
        string list = PathList(paths);
        return kind == TransactionFileKind.Parquet
            ? $"read_parquet({list})"
            : CsvRelation(list, "all_varchar = true", separator);
    }

    /// <summary><c>read_csv</c> of the files with a header, the given column typing, RFC 4180 quoting and DuckDB's reject tables on.</summary>
    private string CsvRelation(string list, string columnTypes, char separator) =>
        $"read_csv({list}, header = true, {columnTypes}, delim = {StringLiteral(separator.ToString())}, quote = '\"', escape = '\"', "
        + $"store_rejects = true, rejects_table = '{RejectsTable}', rejects_scan = '{RejectsScanTable}')";

    /// <summary>The files as a DuckDB list of string literals: <c>['a.csv', 'b.csv']</c>.</summary>
    private string PathList(IReadOnlyList<string> paths) => "[" + string.Join(", ", paths.Select(StringLiteral)) + "]";
}
