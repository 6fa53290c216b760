namespace Personalization.Features;

/// <summary>The kind of a fitted <see cref="ScalerModel"/>.</summary>
public enum ScalerKind
{
    /// <summary>Mean and population standard deviation (<see cref="StandardScaler"/>).</summary>
    Standard = 0,

    /// <summary>Minimum and range (<see cref="MinMaxScaler"/>).</summary>
    MinMax = 1,

    /// <summary>Median and interquartile range (<see cref="RobustScaler"/>).</summary>
    Robust = 2,
}
