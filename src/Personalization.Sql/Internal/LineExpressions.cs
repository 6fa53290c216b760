using Personalization.Features;

namespace Personalization.Sql.Internal;

/// <summary>
/// The SQL expressions that turn one source row into the typed fields of a transaction line (NULL where a value
/// does not convert), from the mapping and the described source columns. Checks names and types up front.
/// </summary>
internal sealed class LineExpressions
{
    private readonly SqlDialect _d;

    private LineExpressions(SqlDialect dialect) => _d = dialect;

    /// <summary>customer id (text, NULL when missing).</summary>
    public string Customer { get; private set; } = string.Empty;

    /// <summary>order id (text, NULL when missing).</summary>
    public string Order { get; private set; } = string.Empty;

    /// <summary>epoch microseconds (bigint), NULL when missing or unparseable.</summary>
    public string Time { get; private set; } = string.Empty;

    /// <summary>The timestamp itself (the engine's timestamp type), NULL when missing or unparseable; <see cref="Time"/> is its epoch.</summary>
    public string Timestamp { get; private set; } = string.Empty;

    public string Quantity { get; private set; } = string.Empty;

    public string Price { get; private set; } = string.Empty;

    /// <summary>discount percent, 0 when empty, NULL when unparseable.</summary>
    public string Discount { get; private set; } = string.Empty;

    /// <summary>return flag, FALSE when empty, NULL when unparseable.</summary>
    public string IsReturn { get; private set; } = string.Empty;

    public string Channel { get; private set; } = string.Empty;

    /// <summary>The order id prefix that marks a cancellation, or null.</summary>
    public string? CancellationPrefix { get; private set; }

    public string Category { get; private set; } = string.Empty;

    /// <summary>The raw customer column (the partition key of a table partitioned by customer) when grouping by it as well as by
    /// the customer id splits no customer (the id is the column, or NULL for an empty one); null otherwise.</summary>
    public string? PartitionKey { get; private set; }

    /// <summary>Whether the timestamp column is a timestamp without time zone (compared as such with the as-of date).</summary>
    public bool PlainTimestamp { get; private set; }

    /// <summary>Whether a field is parsed from text (regular expressions), so that the query should evaluate the fields once per row.</summary>
    public bool ParsesText { get; private set; }

    /// <summary>The mapped source columns by field, for rejection details: (field label, column name, raw text expression).</summary>
    public List<(string Field, string Column, string Raw)> Raw { get; } = [];

    public static LineExpressions Bind(SqlDialect dialect, TransactionCsvMapping mapping, IReadOnlyList<SourceColumn> columns, string sourceDescription, Func<SourceColumn, string> firstValue)
    {
        var e = new LineExpressions(dialect);
        SourceColumn customer = Find(columns, mapping.CustomerId, "customer id", nameof(mapping.CustomerId), sourceDescription)!;
        SourceColumn order = Find(columns, mapping.OrderId, "order id", nameof(mapping.OrderId), sourceDescription)!;
        SourceColumn time = Find(columns, mapping.Timestamp, "timestamp", nameof(mapping.Timestamp), sourceDescription)!;
        SourceColumn quantity = Find(columns, mapping.Quantity, "quantity", nameof(mapping.Quantity), sourceDescription)!;
        SourceColumn price = Find(columns, mapping.UnitPrice, "unit price", nameof(mapping.UnitPrice), sourceDescription)!;
        SourceColumn? discount = Find(columns, mapping.DiscountPercent, null, null, sourceDescription);
        SourceColumn? isReturn = Find(columns, mapping.IsReturn, null, null, sourceDescription);
        SourceColumn? channel = Find(columns, mapping.Channel, null, null, sourceDescription);
        SourceColumn? category = Find(columns, mapping.Category, null, null, sourceDescription);

        void Check(SourceColumn c, string wanted, params ColumnKind[] kinds)
        {
            if (Array.IndexOf(kinds, c.Kind) < 0)
            {
                throw new InvalidDataException(
                    $"Column '{c.Name}' of {sourceDescription} has type {c.TypeName}, which cannot be converted to {wanted} (the first value is '{firstValue(c)}'); map a column of a suitable type or convert it in a query.");
            }
        }

        Check(time, "a timestamp", ColumnKind.Timestamp, ColumnKind.Text);
        Check(quantity, "a number (the quantity)", ColumnKind.Number, ColumnKind.Text);
        Check(price, "a number (the unit price)", ColumnKind.Number, ColumnKind.Text);
        if (discount is not null)
        {
            Check(discount, "a number (the discount percent)", ColumnKind.Number, ColumnKind.Text);
        }

        if (isReturn is not null)
        {
            Check(isReturn, "a boolean (the return flag)", ColumnKind.Boolean, ColumnKind.Number, ColumnKind.Text);
        }

        // Under GroupsByPartitionKey the fields keep the column collation: postgres_fdw ships no expression with an explicit COLLATE.
        Func<string, string> ordinal = dialect.GroupsByPartitionKey ? t => t : dialect.OrdinalText;
        string id = e.Id(customer);
        e.Customer = ordinal(mapping.NormalizeNumericIds ? dialect.RegexReplace(id, "'^([0-9]+)[.]0*$'", "'\\1'") : id);
        e.PartitionKey = dialect.GroupsByPartitionKey && !mapping.NormalizeNumericIds ? e.Col(customer) : null;
        e.ParsesText = mapping.NormalizeNumericIds || time.Kind == ColumnKind.Text || quantity.Kind == ColumnKind.Text || price.Kind == ColumnKind.Text
            || discount?.Kind == ColumnKind.Text || isReturn?.Kind == ColumnKind.Text;
        e.Order = ordinal(e.Id(order));
        e.CancellationPrefix = mapping.CancellationPrefix;
        e.Timestamp = time.Kind == ColumnKind.Text ? dialect.TryParseTimestamp(e.Col(time), mapping.TimestampFormats) : e.Col(time);
        e.Time = dialect.EpochMicroseconds(e.Timestamp);
        e.PlainTimestamp = time.Kind == ColumnKind.Timestamp
            && (string.Equals(time.TypeName, "timestamp without time zone", StringComparison.OrdinalIgnoreCase) || string.Equals(time.TypeName, "timestamp", StringComparison.OrdinalIgnoreCase));
        e.Quantity = e.Number(quantity);
        e.Price = e.Number(price);
        e.Discount = discount is null ? $"CAST(0 AS {dialect.DoubleType})"
            : discount.Kind == ColumnKind.Text ? $"(CASE WHEN {e.Col(discount)} IS NULL OR {e.Col(discount)} = '' THEN CAST(0 AS {dialect.DoubleType}) ELSE {dialect.TryParseDouble(e.Col(discount))} END)"
            : $"(CASE WHEN {e.Col(discount)} IS NULL THEN CAST(0 AS {dialect.DoubleType}) ELSE CAST({e.Col(discount)} AS {dialect.DoubleType}) END)";
        e.IsReturn = isReturn is null ? "FALSE" : isReturn.Kind switch
        {
            ColumnKind.Boolean => $"(CASE WHEN {e.Col(isReturn)} IS NULL THEN FALSE ELSE {e.Col(isReturn)} END)",
            ColumnKind.Number => $"(CASE WHEN {e.Col(isReturn)} IS NULL THEN FALSE ELSE {e.Col(isReturn)} <> 0 END)",
            _ => $"(CASE WHEN {e.Col(isReturn)} IS NULL OR {e.Col(isReturn)} = '' THEN FALSE WHEN lower(trim({e.Col(isReturn)})) IN ('true', '1', 'yes', 'y') THEN TRUE WHEN lower(trim({e.Col(isReturn)})) IN ('false', '0', 'no', 'n') THEN FALSE END)",
        };
        e.Channel = channel is null ? $"CAST(NULL AS {dialect.TextType})" : ordinal(e.TextOf(channel));
        e.Category = category is null ? $"CAST(NULL AS {dialect.TextType})" : ordinal(e.TextOf(category));

        e.Raw.Add(("order id", order.Name, e.TextOf(order)));
        e.Raw.Add(("timestamp", time.Name, e.TextOf(time)));
        e.Raw.Add(("quantity", quantity.Name, e.TextOf(quantity)));
        e.Raw.Add(("unit price", price.Name, e.TextOf(price)));
        e.Raw.Add(("discount percent", discount?.Name ?? string.Empty, discount is null ? "NULL" : e.TextOf(discount)));
        e.Raw.Add(("return flag", isReturn?.Name ?? string.Empty, isReturn is null ? "NULL" : e.TextOf(isReturn)));
        e.Raw.Add(("customer id", customer.Name, e.TextOf(customer)));
        return e;
    }

    private static SourceColumn? Find(IReadOnlyList<SourceColumn> columns, string? name, string? required, string? property, string source)
    {
        if (name is null)
        {
            return null;
        }

        foreach (SourceColumn c in columns)
        {
            if (string.Equals(c.Name, name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        foreach (SourceColumn c in columns)
        {
            if (string.Equals(c.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return c;
            }
        }

        if (required is null)
        {
            return null;
        }

        throw new InvalidDataException(
            $"Column '{name}' (the {required}, TransactionCsvMapping.{property}) is not in {source}; its columns are: {string.Join(", ", columns.Select(c => c.Name))}. Set the mapping to the right column name.");
    }

    private string Col(SourceColumn c) => "s." + _d.QuoteIdentifier(c.Name);

    private string TextOf(SourceColumn c) => c.Kind == ColumnKind.Text ? Col(c) : _d.ToText(Col(c));

    // CASE rather than NULLIF (and COALESCE above): postgres_fdw ships CASE but neither of those.
    private string Id(SourceColumn c) => $"(CASE WHEN {TextOf(c)} <> '' THEN {TextOf(c)} END)";

    private string Number(SourceColumn c) => c.Kind == ColumnKind.Text
        ? _d.TryParseDouble($"NULLIF({Col(c)}, '')")
        : $"CAST({Col(c)} AS {_d.DoubleType})";
}
