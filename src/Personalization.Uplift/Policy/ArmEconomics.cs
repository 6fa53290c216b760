namespace Personalization.Uplift;

/// <summary>The money side of one treatment arm, used by <see cref="OfferPolicy.Assign"/>.</summary>
/// <remarks>
/// Expected incremental value of giving arm a to a customer with effect τ<sub>a</sub> and baseline
/// outcome μ<sub>0</sub>: V·τ<sub>a</sub> − C − K·(μ<sub>0</sub> + τ<sub>a</sub>), where V is
/// <see cref="ValuePerOutcome"/>, C <see cref="CostPerTreated"/> and K <see cref="CostPerOutcome"/>
/// (for a discount: the discount given on every purchase made under the offer, including
/// purchases that would have happened anyway).
/// </remarks>
public sealed record ArmEconomics
{
    /// <summary>Gets the margin earned per unit of outcome (per conversion for a binary outcome).</summary>
    /// <value>Default 1. Must be finite.</value>
    public double ValuePerOutcome { get; init; } = 1;

    /// <summary>Gets the fixed cost of treating one customer (contact cost, voucher printed).</summary>
    /// <value>Default 0. Must be finite and at least 0.</value>
    public double CostPerTreated { get; init; }

    /// <summary>Gets the cost per unit of outcome under this arm (the discount handed over on each purchase).</summary>
    /// <value>Default 0. Must be finite and at least 0; when positive, baseline outcomes must be given.</value>
    public double CostPerOutcome { get; init; }
}
