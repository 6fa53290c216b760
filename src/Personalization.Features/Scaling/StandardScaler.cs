using System.Numerics.Tensors;

namespace Personalization.Features;

/// <summary>Standardises each column to mean 0 and population standard deviation 1.</summary>
/// <remarks>
/// Offset = mean, Scale = sqrt(sum (x - mean)^2 / n) (population, ddof = 0, as scikit-learn's
/// <c>StandardScaler</c>); a constant column gets scale 1. The estimator is stateless and thread-safe.
/// </remarks>
public sealed class StandardScaler : IScaler
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public StandardScaler(StandardScalerOptions? options = null) => Options = options ?? new StandardScalerOptions();

    /// <summary>Gets the options.</summary>
    public StandardScalerOptions Options { get; }

    /// <summary>Learns the mean and population standard deviation of each column.</summary>
    /// <param name="input">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted scaler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty or holds a NaN or infinite value (the message names the row and column).</exception>
    public ScalerModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        bool withMean = Options.WithMean;
        bool withStd = Options.WithStd;
        return ScalerModel.Fit(input, ScalerKind.Standard, Options, (column, min, max) =>
        {
            double mean = TensorPrimitives.Sum(column) / column.Length;
            double ss = 0;
            foreach (double x in column)
            {
                double d = x - mean;
                ss += d * d;
            }

            double std = Math.Sqrt(ss / column.Length);
            double scale = !withStd || min == max || std == 0 ? 1 : std;
            return (withMean ? mean : 0, scale);
        }, needsSorted: false, cancellationToken);
    }

    IScalerModel IEstimator<FeatureMatrix<double>, IScalerModel>.Fit(FeatureMatrix<double> input, CancellationToken cancellationToken) => Fit(input, cancellationToken);
}
