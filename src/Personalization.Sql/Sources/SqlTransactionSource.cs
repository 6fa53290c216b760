namespace Personalization.Sql;

/// <summary>Where transactions are read from: a table, a SELECT, or files read by embedded DuckDB.</summary>
/// <remarks>
/// <para>A table name is quoted by the dialect, so any name is taken literally. A SELECT is passed through
/// unchanged as a derived table (<c>FROM (select) AS source</c>); nothing is spliced into it, and every value the
/// library adds (as-of date, channel, categories) is a parameter.</para>
/// <para>Files: <c>.csv</c>, <c>.csv.gz</c>, <c>.parquet</c>, a folder (every <c>.parquet</c> file below it,
/// such as Hive partitions <c>year=2024/part-0.parquet</c>) or a glob (<c>data/*.parquet</c>, <c>**</c> for
/// any depth). Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class SqlTransactionSource
{
    private SqlTransactionSource(SourceKind kind, string text, string? schema, TransactionFileKind fileKind = TransactionFileKind.Csv)
    {
        Kind = kind;
        Text = text;
        Schema = schema;
        FileKind = fileKind;
    }

    internal enum SourceKind
    {
        Table,
        Query,
        Files,
    }

    /// <summary>Gets a description of the source for messages, such as <c>table "sales"."lines"</c>.</summary>
    public string Description => Kind switch
    {
        SourceKind.Table => Schema is null ? $"table \"{Text}\"" : $"table \"{Schema}\".\"{Text}\"",
        SourceKind.Query => "the query",
        _ => $"'{Text}'",
    };

    internal SourceKind Kind { get; }

    internal string Text { get; }

    internal string? Schema { get; }

    internal TransactionFileKind FileKind { get; }

    /// <summary>Reads a table (or view).</summary>
    /// <param name="name">The table name as stored in the engine (quoted by the dialect, so case matters).</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the connection's search path.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="schema"/> is empty.</exception>
    public static SqlTransactionSource Table(string name, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (schema is { Length: 0 })
        {
            throw new ArgumentException("The schema must be null or non-empty.", nameof(schema));
        }

        return new SqlTransactionSource(SourceKind.Table, name, schema);
    }

    /// <summary>Reads the rows of a SELECT (or any query the engine accepts as a derived table).</summary>
    /// <param name="select">The query; a trailing semicolon is removed. It runs with the connection's privileges.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="select"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="select"/> is empty or white space.</exception>
    public static SqlTransactionSource Query(string select)
    {
        ArgumentNullException.ThrowIfNull(select);
        string text = select.Trim().TrimEnd(';').TrimEnd();
        if (text.Length == 0)
        {
            throw new ArgumentException("The query is empty; pass a SELECT.", nameof(select));
        }

        return new SqlTransactionSource(SourceKind.Query, text, null);
    }

    /// <summary>Reads files with embedded DuckDB: a <c>.csv</c>, <c>.csv.gz</c> or <c>.parquet</c> file, a folder of Parquet files, or a glob.</summary>
    /// <param name="path">The file, folder or glob.</param>
    /// <returns>The source; <see cref="SqlFeatureExtractor.Extract(System.Data.Common.DbConnection, SqlTransactionSource, SqlReadReport?, CancellationToken)"/> checks that it matches files before any work.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or its extension is none of <c>.csv</c>, <c>.csv.gz</c>, <c>.parquet</c> (a folder needs none).</exception>
    public static SqlTransactionSource Files(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return new SqlTransactionSource(SourceKind.Files, path, null, TransactionFileKind.Parquet);
        }

        string lower = path.ToLowerInvariant();
        TransactionFileKind kind = lower.EndsWith(".parquet", StringComparison.Ordinal) ? TransactionFileKind.Parquet
            : lower.EndsWith(".csv", StringComparison.Ordinal) || lower.EndsWith(".csv.gz", StringComparison.Ordinal) ? TransactionFileKind.Csv
            : throw new ArgumentException($"The path '{path}' is not a folder and does not end in .csv, .csv.gz or .parquet; name the files with one of these extensions.", nameof(path));
        return new SqlTransactionSource(SourceKind.Files, path, null, kind);
    }

    /// <summary>Returns <see cref="Description"/>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Description;

    internal static bool IsGlob(string path) => path.AsSpan().IndexOfAny("*?[{") >= 0;

    /// <summary>The files to read: the path itself, or the glob for a folder. Throws when nothing exists.</summary>
    internal string ResolveFilePattern()
    {
        if (Directory.Exists(Text))
        {
            if (!Directory.EnumerateFiles(Text, "*.parquet", SearchOption.AllDirectories).Any())
            {
                throw new FileNotFoundException($"The folder '{Text}' holds no .parquet file (searched all subfolders); write the partitions as .parquet or name the files directly.", Text);
            }

            return Path.Combine(Text, "**", "*.parquet");
        }

        if (!IsGlob(Text) && !File.Exists(Text))
        {
            throw new FileNotFoundException($"The file '{Text}' does not exist.", Text);
        }

        return Text;
    }

    /// <summary>The typed DuckDB <c>read_csv</c> of a CSV file source (see <see cref="DuckDBDialect.TypedCsvRelation"/>).</summary>
    internal string TypedCsvRelation(string? filePattern, char separator, IReadOnlyList<(string Column, string Type)> types) =>
        DuckDBDialect.Instance.TypedCsvRelation([filePattern ?? Text], separator, types);

    /// <summary>The FROM item of the source.</summary>
    internal string Relation(SqlDialect dialect, string? filePattern, char separator) => Kind switch
    {
        SourceKind.Table => Schema is null ? dialect.QuoteIdentifier(Text) : dialect.QuoteIdentifier(Schema) + "." + dialect.QuoteIdentifier(Text),
        SourceKind.Query => "(" + Text + "\n)",
        _ => dialect.FileRelation([filePattern ?? Text], FileKind, separator),
    };
}
