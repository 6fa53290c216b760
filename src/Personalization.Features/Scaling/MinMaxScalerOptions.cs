namespace Personalization.Features;

/// <summary>Options of <see cref="MinMaxScaler"/>.</summary>
public sealed record MinMaxScalerOptions : ScalerOptions, IValidatableOptions
{
    /// <summary>Gets the value the training minimum maps to.</summary>
    /// <value>Default 0.</value>
    public double RangeMin { get; init; }

    /// <summary>Gets the value the training maximum maps to; must exceed <see cref="RangeMin"/>.</summary>
    /// <value>Default 1.</value>
    public double RangeMax { get; init; } = 1;

    /// <summary>Checks every option; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <see cref="RangeMax"/> does not exceed <see cref="RangeMin"/>.</exception>
    public void Validate()
    {
        Validation.Guard.Finite(RangeMin);
        Validation.Guard.Finite(RangeMax);
        if (!(RangeMax > RangeMin))
        {
            throw new ArgumentOutOfRangeException(nameof(RangeMax), RangeMax, $"RangeMax must be greater than RangeMin ({RangeMin}), but was {RangeMax}.");
        }
    }
}
