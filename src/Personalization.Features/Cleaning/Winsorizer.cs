using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>Learns per-column caps at training quantiles, so a few extreme customers cannot dominate cluster centres.</summary>
/// <remarks>
/// Lower cap = P(100 x LowerQuantile), upper cap = P(100 x UpperQuantile) of the observed (non-NaN) training
/// values, with linearly interpolated percentiles. Caps are fitted on training data and applied unchanged
/// to new data. The estimator is stateless and thread-safe.
/// </remarks>
public sealed class Winsorizer : IEstimator<FeatureMatrix<double>, WinsorizerModel>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (1st and 99th percentiles).</param>
    public Winsorizer(WinsorizerOptions? options = null) => Options = options ?? new WinsorizerOptions();

    /// <summary>Gets the options.</summary>
    public WinsorizerOptions Options { get; }

    /// <summary>Learns the caps of each column.</summary>
    /// <param name="input">The training data; NaN values are ignored.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted winsorizer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A quantile is outside [0, 1] or UpperQuantile is not above LowerQuantile.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty, holds an infinite value, or a column has no observed value.</exception>
    public WinsorizerModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Options.Validate();
        Cleaning.ThrowIfEmptyOrInfinite(input, nameof(input));
        var lower = new double[input.ColumnCount];
        var upper = new double[input.ColumnCount];
        var observed = new double[input.RowCount];
        for (int j = 0; j < lower.Length; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Cleaning.ObservedValues(input, j, observed);
            if (count == 0)
            {
                throw new ArgumentException($"Column {j} ('{input.ColumnNames[j]}') has no observed value; impute it first.", nameof(input));
            }

            Span<double> values = observed.AsSpan(0, count);
            values.Sort();
            lower[j] = ColumnStatistics.Percentile(values, 100 * Options.LowerQuantile);
            upper[j] = ColumnStatistics.Percentile(values, 100 * Options.UpperQuantile);
        }

        return new WinsorizerModel(Options, input.ColumnNames.ToArray(), lower, upper);
    }
}
