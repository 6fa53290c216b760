namespace Personalization.Features;

/// <summary>
/// Which CSV columns hold the fields of a <see cref="Transaction"/>, so files with other schemas load
/// without copying. Header names match exactly first, then ignoring case and surrounding spaces.
/// </summary>
/// <remarks>
/// The five required columns (customer, order, timestamp, quantity, unit price) must be in the
/// header. Optional columns may be set to <see langword="null"/> or be absent from a file; their
/// fields then take their defaults.
/// </remarks>
public sealed record TransactionCsvMapping
{
    /// <summary>Gets the mapping of this library's own transaction schema:
    /// <c>customer_id, order_id, timestamp, quantity, unit_price[, channel, category, product_id, region, discount_percent, is_return]</c>.</summary>
    public static TransactionCsvMapping Default { get; } = new();

    /// <summary>Gets the mapping of the UCI Online Retail file (<c>InvoiceNo, StockCode, Description, Quantity,
    /// InvoiceDate, UnitPrice, CustomerID, Country</c>): an <c>InvoiceNo</c> starting with <c>C</c> is a
    /// cancellation (a return), <c>StockCode</c> becomes <see cref="Transaction.ProductId"/> and
    /// <c>Country</c> <see cref="Transaction.Region"/>; ids such as <c>17850.0</c> read as <c>17850</c>.</summary>
    public static TransactionCsvMapping OnlineRetail { get; } = new()
    {
        CustomerId = "CustomerID",
        OrderId = "InvoiceNo",
        Timestamp = "InvoiceDate",
        Quantity = "Quantity",
        UnitPrice = "UnitPrice",
        ProductId = "StockCode",
        Region = "Country",
        Channel = null,
        Category = null,
        DiscountPercent = null,
        IsReturn = null,
        CancellationPrefix = "C",
        TimestampFormats = ["yyyy-MM-dd HH:mm:ss"],
        NormalizeNumericIds = true,
    };

    /// <summary>Gets the customer id column (required).</summary>
    /// <value>Default <c>customer_id</c>.</value>
    public string CustomerId { get; init; } = "customer_id";

    /// <summary>Gets the order id column (required).</summary>
    /// <value>Default <c>order_id</c>.</value>
    public string OrderId { get; init; } = "order_id";

    /// <summary>Gets the timestamp column (required).</summary>
    /// <value>Default <c>timestamp</c>.</value>
    public string Timestamp { get; init; } = "timestamp";

    /// <summary>Gets the quantity column (required).</summary>
    /// <value>Default <c>quantity</c>.</value>
    public string Quantity { get; init; } = "quantity";

    /// <summary>Gets the unit price column (required).</summary>
    /// <value>Default <c>unit_price</c>.</value>
    public string UnitPrice { get; init; } = "unit_price";

    /// <summary>Gets the channel column (optional).</summary>
    /// <value>Default <c>channel</c>.</value>
    public string? Channel { get; init; } = "channel";

    /// <summary>Gets the category column (optional).</summary>
    /// <value>Default <c>category</c>.</value>
    public string? Category { get; init; } = "category";

    /// <summary>Gets the product id column (optional).</summary>
    /// <value>Default <c>product_id</c>.</value>
    public string? ProductId { get; init; } = "product_id";

    /// <summary>Gets the region column (optional).</summary>
    /// <value>Default <c>region</c>.</value>
    public string? Region { get; init; } = "region";

    /// <summary>Gets the discount percent column (optional; an empty field reads as 0).</summary>
    /// <value>Default <c>discount_percent</c>.</value>
    public string? DiscountPercent { get; init; } = "discount_percent";

    /// <summary>Gets the return flag column (optional; true/false, yes/no, 1/0; an empty field reads as false).</summary>
    /// <value>Default <c>is_return</c>.</value>
    public string? IsReturn { get; init; } = "is_return";

    /// <summary>Gets the order id prefix that marks a cancellation (read as a return), or <see langword="null"/>.</summary>
    /// <value>Default <see langword="null"/>; <c>C</c> in <see cref="OnlineRetail"/>.</value>
    public string? CancellationPrefix { get; init; }

    /// <summary>Gets the one exact timestamp format of the file (a list of one .NET custom format), or <see langword="null"/>
    /// for <see cref="CsvReadOptions.DateFormat"/> (ISO 8601 by default).</summary>
    /// <remarks>A file has one date format: a value that does not match it is a rejected row and no second format is
    /// tried, so <c>01/02/2011</c> can never be read as 1 February in one row and 2 January in another. A list of
    /// more than one format is refused with an <see cref="ArgumentException"/> when a read starts.</remarks>
    /// <value>Default <see langword="null"/> (ISO 8601, such as <c>2011-12-09 12:50:00</c> or <c>2011-12-09T12:50:00Z</c>);
    /// <c>yyyy-MM-dd HH:mm:ss</c> in <see cref="OnlineRetail"/>.</value>
    public IReadOnlyList<string>? TimestampFormats { get; init; }

    /// <summary>Gets a value indicating whether customer ids such as <c>17850.0</c> (numbers written by a spreadsheet) read as <c>17850</c>.</summary>
    /// <value>Default <see langword="false"/>; <see langword="true"/> in <see cref="OnlineRetail"/>.</value>
    public bool NormalizeNumericIds { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(CustomerId, nameof(CustomerId));
        ArgumentNullException.ThrowIfNull(OrderId, nameof(OrderId));
        ArgumentNullException.ThrowIfNull(Timestamp, nameof(Timestamp));
        ArgumentNullException.ThrowIfNull(Quantity, nameof(Quantity));
        ArgumentNullException.ThrowIfNull(UnitPrice, nameof(UnitPrice));
        if (TimestampFormats is { Count: not 1 })
        {
            throw new ArgumentException($"TimestampFormats must hold exactly one format (a file has one date format; no second guess), but holds {TimestampFormats.Count}: {string.Join(", ", TimestampFormats)}.", nameof(TimestampFormats));
        }

        CsvReadOptions.ValidateFormat(TimestampFormats?[0], nameof(TimestampFormats));
    }
}
