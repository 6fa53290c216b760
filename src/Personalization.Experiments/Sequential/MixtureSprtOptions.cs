using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Settings of the mixture sequential probability ratio test.</summary>
/// <remarks>Options hold settings only; <see cref="MixtureSprt.Start"/> validates them. Immutable and thread-safe.</remarks>
public sealed record MixtureSprtOptions
{
    /// <summary>Gets tau^2, the variance of the normal mixing distribution over the effect, in squared metric units (positive).</summary>
    /// <value>
    /// No usable default: the scale depends on the metric, so the unset value 0 is refused by <see cref="MixtureSprt.Start"/>.
    /// Set it near the square of the effect you expect (Johari et al. recommend matching the typical effect), for example
    /// <c>new MixtureSprtOptions { MixingVariance = 0.01 * 0.01 }</c> for a one-point lift in a conversion rate; it trades
    /// power early against power late, never validity.
    /// </value>
    public double MixingVariance { get; init; }

    /// <summary>Gets the significance level in (0, 1) for decisions and confidence sequences.</summary>
    /// <value>The default is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Gets the effect under the null hypothesis.</summary>
    /// <value>The default is 0.</value>
    public double NullDifference { get; init; }

    internal void Validate()
    {
        if (MixingVariance == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MixingVariance), MixingVariance, "MixingVariance is not set; it has no default because its scale depends on the metric. Set it near the square of the effect you expect, for example new MixtureSprtOptions { MixingVariance = 0.0001 } for a one-point lift in a conversion rate.");
        }

        Guard.Positive(MixingVariance);
        Guard.OpenUnitInterval(Alpha);
        Guard.Finite(NullDifference);
    }
}
