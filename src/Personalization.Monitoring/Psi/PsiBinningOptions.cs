using Personalization.Validation;

namespace Personalization.Monitoring;

/// <summary>Hyperparameters of the population stability index binning (<see cref="PsiBinning"/>).</summary>
/// <remarks>Constructing options does no work; <see cref="PsiBinning.Fit"/> validates them.</remarks>
public sealed record PsiBinningOptions : IValidatableOptions
{
    /// <summary>Gets the number of quantile bins fitted on the reference sample, before tied edges are merged.</summary>
    /// <value>10 (deciles). Valid range 2 to 1000.</value>
    public int BinCount { get; init; } = 10;

    /// <summary>Gets the share that replaces an empty bin's share of zero, so the logarithm stays finite.</summary>
    /// <value>1e-4. Valid range (0, 0.1].</value>
    public double Epsilon { get; init; } = 1e-4;

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range.</exception>
    public void Validate()
    {
        Guard.InRange(BinCount, 2, 1000);
        if (double.IsNaN(Epsilon) || Epsilon <= 0 || Epsilon > 0.1)
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, $"Epsilon must be in (0, 0.1], but was {Epsilon}.");
        }
    }
}
