namespace Personalization.Features;

/// <summary>Maps each column's training range [min, max] linearly onto [RangeMin, RangeMax] (default [0, 1]).</summary>
/// <remarks>
/// z = (x - min) / (max - min) x (RangeMax - RangeMin) + RangeMin, as scikit-learn's <c>MinMaxScaler</c>;
/// as an affine map, Scale = (max - min) / (RangeMax - RangeMin) and Offset = min - RangeMin x Scale.
/// A constant column gets range 1. Values outside the training range map outside the target range (no clipping).
/// The estimator is stateless and thread-safe.
/// </remarks>
public sealed class MinMaxScaler : IScaler
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public MinMaxScaler(MinMaxScalerOptions? options = null) => Options = options ?? new MinMaxScalerOptions();

    /// <summary>Gets the options.</summary>
    public MinMaxScalerOptions Options { get; }

    /// <summary>Learns the minimum and maximum of each column.</summary>
    /// <param name="input">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted scaler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">RangeMax is not greater than RangeMin, or either is not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty or holds a NaN or infinite value.</exception>
    public ScalerModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        double a = Options.RangeMin;
        double width = Options.RangeMax - Options.RangeMin;
        return ScalerModel.Fit(input, ScalerKind.MinMax, Options, (column, min, max) =>
        {
            double range = max == min ? 1 : max - min;
            double scale = range / width;
            return (min - (a * scale), scale);
        }, needsSorted: false, cancellationToken);
    }

    IScalerModel IEstimator<FeatureMatrix<double>, IScalerModel>.Fit(FeatureMatrix<double> input, CancellationToken cancellationToken) => Fit(input, cancellationToken);
}
