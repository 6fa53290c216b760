using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>Learns a fill value per column (median, mean or a constant) for missing values, which are NaN.</summary>
/// <remarks>
/// Statistics use the observed (non-NaN) training values only; the median is the linearly interpolated
/// 50th percentile. Infinite values are errors, not missing values. The estimator is stateless and thread-safe.
/// </remarks>
public sealed class SimpleImputer : IEstimator<FeatureMatrix<double>, ImputerModel>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (median).</param>
    public SimpleImputer(SimpleImputerOptions? options = null) => Options = options ?? new SimpleImputerOptions();

    /// <summary>Gets the options.</summary>
    public SimpleImputerOptions Options { get; }

    /// <summary>Learns the fill value of each column.</summary>
    /// <param name="input">The training data; NaN marks a missing value.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted imputer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The strategy is undefined or the fill value is not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty, holds an infinite value, or (median, mean) a column has no observed value.</exception>
    public ImputerModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Options.Validate();
        Cleaning.ThrowIfEmptyOrInfinite(input, nameof(input));
        int n = input.RowCount;
        var fills = new double[input.ColumnCount];
        var observed = new double[n];
        for (int j = 0; j < fills.Length; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Cleaning.ObservedValues(input, j, observed);
            if (Options.Strategy == ImputationStrategy.Constant)
            {
                fills[j] = Options.FillValue;
                continue;
            }

            if (count == 0)
            {
                throw new ArgumentException($"Column {j} ('{input.ColumnNames[j]}') has no observed value, so its {Options.Strategy} is undefined; use ImputationStrategy.Constant or drop the column.", nameof(input));
            }

            Span<double> values = observed.AsSpan(0, count);
            if (Options.Strategy == ImputationStrategy.Mean)
            {
                double sum = 0;
                foreach (double v in values)
                {
                    sum += v;
                }

                fills[j] = sum / count;
            }
            else
            {
                values.Sort();
                fills[j] = ColumnStatistics.Percentile(values, 50);
            }
        }

        return new ImputerModel(Options, input.ColumnNames.ToArray(), fills);
    }
}
