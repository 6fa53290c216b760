namespace Personalization.Features;

/// <summary>Options of <see cref="SimpleImputer"/>.</summary>
public sealed record SimpleImputerOptions
{
    /// <summary>Gets how missing values are filled.</summary>
    /// <value>Default <see cref="ImputationStrategy.Median"/>.</value>
    public ImputationStrategy Strategy { get; init; } = ImputationStrategy.Median;

    /// <summary>Gets the fill value of <see cref="ImputationStrategy.Constant"/>.</summary>
    /// <value>Default 0.</value>
    public double FillValue { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "Strategy must be Median, Mean or Constant.");
        }

        Validation.Guard.Finite(FillValue);
    }
}
