namespace Personalization.Features;

/// <summary>Options of <see cref="SimpleImputer"/>.</summary>
public sealed record SimpleImputerOptions : IValidatableOptions
{
    /// <summary>Gets how missing values are filled.</summary>
    /// <value>Default <see cref="ImputationStrategy.Median"/>.</value>
    public ImputationStrategy Strategy { get; init; } = ImputationStrategy.Median;

    /// <summary>Gets the fill value of <see cref="ImputationStrategy.Constant"/>.</summary>
    /// <value>Default 0.</value>
    public double FillValue { get; init; }

    /// <summary>Checks every option; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Strategy"/> is undefined or <see cref="FillValue"/> is not finite.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "Strategy must be Median, Mean or Constant.");
        }

        Validation.Guard.Finite(FillValue);
    }
}
