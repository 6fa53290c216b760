namespace Personalization.Features;

/// <summary>How <see cref="SimpleImputer"/> fills missing (NaN) values.</summary>
public enum ImputationStrategy
{
    /// <summary>The column median of the observed training values (robust to outliers).</summary>
    Median = 0,

    /// <summary>The column mean of the observed training values.</summary>
    Mean = 1,

    /// <summary>A constant, <see cref="SimpleImputerOptions.FillValue"/>.</summary>
    Constant = 2,
}
