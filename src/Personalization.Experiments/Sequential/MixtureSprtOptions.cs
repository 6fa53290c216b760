using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Settings of the mixture sequential probability ratio test.</summary>
/// <remarks>Options hold settings only; <see cref="MixtureSprt.Start"/> validates them. Immutable and thread-safe.</remarks>
public sealed record MixtureSprtOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="mixingVariance">tau^2, the variance of the normal mixing distribution over the effect, in squared metric units. Set it near the square of the effect you expect (Johari et al. recommend matching the typical effect); it trades power early against power late, never validity.</param>
    public MixtureSprtOptions(double mixingVariance) => MixingVariance = mixingVariance;

    /// <summary>Gets tau^2, the variance of the mixing distribution over the effect (positive).</summary>
    /// <value>No default: the scale depends on the metric.</value>
    public double MixingVariance { get; init; }

    /// <summary>Gets the significance level in (0, 1) for decisions and confidence sequences.</summary>
    /// <value>The default is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Gets the effect under the null hypothesis.</summary>
    /// <value>The default is 0.</value>
    public double NullDifference { get; init; }

    internal void Validate()
    {
        Guard.Positive(MixingVariance);
        Guard.OpenUnitInterval(Alpha);
        Guard.Finite(NullDifference);
    }
}
