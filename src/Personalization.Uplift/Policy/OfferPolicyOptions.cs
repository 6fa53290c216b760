namespace Personalization.Uplift;

/// <summary>Economics and constraints of <see cref="OfferPolicy.Assign"/>.</summary>
public sealed record OfferPolicyOptions
{
    /// <summary>Gets the economics of each treatment arm 1..m, in arm order (arms ordered by increasing discount for <see cref="MaxArm"/>).</summary>
    /// <value>Default empty; must hold one entry per treatment arm.</value>
    public IReadOnlyList<ArmEconomics> Arms { get; init; } = [];

    /// <summary>Gets the most customers to treat (top-N by expected incremental value), or <see langword="null"/> for no limit.</summary>
    /// <value>Default <see langword="null"/>. Must be at least 0.</value>
    public int? MaxTreated { get; init; }

    /// <summary>Gets the budget on the total expected cost, or <see langword="null"/> for no budget.</summary>
    /// <value>Default <see langword="null"/>. Must be finite and at least 0.</value>
    public double? Budget { get; init; }

    /// <summary>Gets the highest arm that may be assigned (the maximum-discount cap), or <see langword="null"/> for all arms.</summary>
    /// <value>Default <see langword="null"/>. Must be between 0 and the arm count.</value>
    public int? MaxArm { get; init; }

    /// <summary>Gets the expected incremental value a treatment must exceed to be assigned; otherwise the customer stays in control.</summary>
    /// <value>Default 0. Must be finite.</value>
    public double MinimumValue { get; init; }
}
