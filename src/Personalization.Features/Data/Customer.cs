namespace Personalization.Features;

/// <summary>A customer master record.</summary>
/// <remarks>Records are immutable and thread-safe.</remarks>
/// <param name="Id">The customer id, matching <see cref="Transaction.CustomerId"/>.</param>
public sealed record Customer(string Id)
{
    /// <summary>Gets the date the customer signed up.</summary>
    /// <value>Default <see langword="null"/> (unknown).</value>
    public DateTime? SignupDate { get; init; }

    /// <summary>Gets the loyalty tier, for example <c>Gold</c>.</summary>
    /// <value>Default <see langword="null"/> (unknown).</value>
    public string? LoyaltyTier { get; init; }

    /// <summary>Gets whether the customer opted in to marketing.</summary>
    /// <value>Default <see langword="null"/> (unknown).</value>
    public bool? OptIn { get; init; }

    /// <summary>Gets the customer's region or country.</summary>
    /// <value>Default <see langword="null"/> (unknown).</value>
    public string? Region { get; init; }
}
