namespace Personalization.Features;

/// <summary>Which CSV columns hold the fields of a <see cref="Customer"/>.</summary>
/// <remarks>The id column is required; the others are optional and may be absent from a file.</remarks>
public sealed record CustomerCsvMapping
{
    /// <summary>Gets the mapping <c>customer_id, signup_date, loyalty_tier, opt_in, region</c>.</summary>
    public static CustomerCsvMapping Default { get; } = new();

    /// <summary>Gets the customer id column (required).</summary>
    /// <value>Default <c>customer_id</c>.</value>
    public string Id { get; init; } = "customer_id";

    /// <summary>Gets the signup date column (optional, ISO 8601).</summary>
    /// <value>Default <c>signup_date</c>.</value>
    public string? SignupDate { get; init; } = "signup_date";

    /// <summary>Gets the loyalty tier column (optional).</summary>
    /// <value>Default <c>loyalty_tier</c>.</value>
    public string? LoyaltyTier { get; init; } = "loyalty_tier";

    /// <summary>Gets the marketing opt-in column (optional; true/false, yes/no, 1/0).</summary>
    /// <value>Default <c>opt_in</c>.</value>
    public string? OptIn { get; init; } = "opt_in";

    /// <summary>Gets the region column (optional).</summary>
    /// <value>Default <c>region</c>.</value>
    public string? Region { get; init; } = "region";
}
