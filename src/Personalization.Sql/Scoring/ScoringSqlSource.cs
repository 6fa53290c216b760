namespace Personalization.Sql;

/// <summary>Where <see cref="ScoringSql"/> reads the features to score: a table (with an optional schema) or a SELECT
/// subquery, with one id column and one column per feature, named as the features the model was fitted on.</summary>
/// <remarks>Constructing a source does no work; <see cref="ScoringSql"/> validates it.</remarks>
public sealed record ScoringSqlSource
{
    /// <summary>Gets the table name (quoted by the dialect), or <see langword="null"/> when <see cref="Query"/> is given.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? Table { get; init; }

    /// <summary>Gets the schema of <see cref="Table"/> (quoted by the dialect), or <see langword="null"/> for the search path.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? Schema { get; init; }

    /// <summary>Gets a SELECT statement whose result holds the id and feature columns, or <see langword="null"/> when <see cref="Table"/> is given.
    /// It is embedded as a derived table, so it must not end with a semicolon.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? Query { get; init; }

    /// <summary>Gets the id column, copied to the output under the same name.</summary>
    /// <value>Default <c>customer_id</c>.</value>
    public string IdColumn { get; init; } = "customer_id";

    /// <summary>Creates a source that reads a table.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="schema">The schema, or <see langword="null"/>.</param>
    /// <param name="idColumn">The id column.</param>
    /// <returns>The source.</returns>
    public static ScoringSqlSource FromTable(string table, string? schema = null, string idColumn = "customer_id") =>
        new() { Table = table, Schema = schema, IdColumn = idColumn };

    /// <summary>Creates a source that reads a SELECT subquery.</summary>
    /// <param name="query">The SELECT statement.</param>
    /// <param name="idColumn">The id column.</param>
    /// <returns>The source.</returns>
    public static ScoringSqlSource FromQuery(string query, string idColumn = "customer_id") =>
        new() { Query = query, IdColumn = idColumn };

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(IdColumn))
        {
            throw new ArgumentException("IdColumn must name the id column of the features.", nameof(IdColumn));
        }

        bool hasTable = !string.IsNullOrWhiteSpace(Table);
        bool hasQuery = !string.IsNullOrWhiteSpace(Query);
        if (hasTable == hasQuery)
        {
            throw new ArgumentException("Give exactly one of Table and Query.", hasTable ? nameof(Query) : nameof(Table));
        }

        if (!hasTable && Schema is not null)
        {
            throw new ArgumentException("Schema applies to Table only; qualify the names inside Query instead.", nameof(Schema));
        }

        if (hasQuery && Query!.TrimEnd().EndsWith(';'))
        {
            throw new ArgumentException("Query is embedded as a derived table, so it must not end with a semicolon.", nameof(Query));
        }
    }
}
