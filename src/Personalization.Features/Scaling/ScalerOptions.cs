namespace Personalization.Features;

/// <summary>
/// The options of one of the scalers that produce a <see cref="ScalerModel"/>: <see cref="StandardScalerOptions"/>,
/// <see cref="MinMaxScalerOptions"/> or <see cref="RobustScalerOptions"/> (<see cref="ScalerModel.Options"/> has this type).
/// </summary>
/// <remarks>Only this package derives from it. Immutable and thread-safe.</remarks>
public abstract record ScalerOptions
{
    private protected ScalerOptions()
    {
    }
}
