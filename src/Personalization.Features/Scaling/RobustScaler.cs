using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>Centres each column on its median and divides by its interquartile range.</summary>
/// <remarks>
/// Offset = median, Scale = P(UpperPercentile) - P(LowerPercentile) with linearly interpolated
/// percentiles (h = (n - 1) p / 100, NumPy's default), as scikit-learn's <c>RobustScaler</c>; a zero
/// range gets scale 1. Robust to outliers such as a few huge spenders. The estimator is stateless and thread-safe.
/// </remarks>
public sealed class RobustScaler : IScaler
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (25th-75th percentile).</param>
    public RobustScaler(RobustScalerOptions? options = null) => Options = options ?? new RobustScalerOptions();

    /// <summary>Gets the options.</summary>
    public RobustScalerOptions Options { get; }

    /// <summary>Learns the median and percentile range of each column.</summary>
    /// <param name="input">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted scaler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A percentile is outside [0, 100] or UpperPercentile is not above LowerPercentile.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty or holds a NaN or infinite value.</exception>
    public ScalerModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        RobustScalerOptions o = Options;
        return ScalerModel.Fit(input, ScalerKind.Robust, Options, (sorted, min, max) =>
        {
            double median = ColumnStatistics.Percentile(sorted, 50);
            double range = ColumnStatistics.Percentile(sorted, o.UpperPercentile) - ColumnStatistics.Percentile(sorted, o.LowerPercentile);
            double scale = !o.WithScaling || range == 0 ? 1 : range;
            return (o.WithCentering ? median : 0, scale);
        }, needsSorted: true, cancellationToken);
    }

    IScalerModel IEstimator<FeatureMatrix<double>, IScalerModel>.Fit(FeatureMatrix<double> input, CancellationToken cancellationToken) => Fit(input, cancellationToken);
}
