namespace Personalization.Features;

/// <summary>One transaction line: a quantity of one product bought (or returned) by a customer within an order.</summary>
/// <remarks>
/// The line's amount is <c>Quantity x UnitPrice x (1 - DiscountPercent / 100)</c>. A line is a
/// <em>return</em> when <see cref="IsReturn"/> is set or <see cref="Quantity"/> is negative
/// (for example a cancelled UCI Online Retail invoice); its amount is then subtracted from net spend.
/// Records are immutable and thread-safe.
/// </remarks>
/// <param name="CustomerId">The customer id (required, non-empty).</param>
/// <param name="OrderId">The order (invoice, basket) id; lines with the same customer and order id form one order.</param>
/// <param name="Timestamp">When the line was recorded. Use one clock (local or UTC) for all data and for the as-of date.</param>
/// <param name="Quantity">The quantity; negative for returned goods.</param>
/// <param name="UnitPrice">The price of one unit before the discount, non-negative.</param>
public sealed record Transaction(string CustomerId, string OrderId, DateTime Timestamp, double Quantity, double UnitPrice)
{
    /// <summary>Gets the sales channel, for example <c>online</c> or <c>store</c>.</summary>
    /// <value>Default <see langword="null"/> (unknown).</value>
    public string? Channel { get; init; }

    /// <summary>Gets the product category, for example <c>Apparel</c>.</summary>
    /// <value>Default <see langword="null"/> (unknown).</value>
    public string? Category { get; init; }

    /// <summary>Gets the product id (SKU, UCI <c>StockCode</c>).</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? ProductId { get; init; }

    /// <summary>Gets the region or country of the order (UCI <c>Country</c>).</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? Region { get; init; }

    /// <summary>Gets the discount granted on the line, in percent of the list amount (0 to 100).</summary>
    /// <value>Default 0.</value>
    public double DiscountPercent { get; init; }

    /// <summary>Gets a value indicating whether the line is a return or a cancellation.</summary>
    /// <value>Default <see langword="false"/>; a negative <see cref="Quantity"/> also marks a return.</value>
    public bool IsReturn { get; init; }

    /// <summary>Gets the line's signed amount: <c>Quantity x UnitPrice x (1 - DiscountPercent / 100)</c>.</summary>
    public double Amount => Quantity * UnitPrice * (1 - (DiscountPercent / 100));

    /// <summary>Gets a value indicating whether the line is a purchase: not a return and a positive quantity.</summary>
    public bool IsPurchase => !IsReturn && Quantity > 0;
}
