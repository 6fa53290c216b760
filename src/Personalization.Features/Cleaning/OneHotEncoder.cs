using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>Learns the categories of a categorical column (loyalty tier, region, channel) for one-hot encoding.</summary>
/// <remarks>Categories are compared ordinally (case-sensitive) and sorted ordinally. The estimator is stateless and thread-safe.</remarks>
public sealed class OneHotEncoder : IEstimator<IReadOnlyList<string?>, OneHotEncoderModel>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public OneHotEncoder(OneHotEncoderOptions? options = null) => Options = options ?? new OneHotEncoderOptions();

    /// <summary>Gets the options.</summary>
    public OneHotEncoderOptions Options { get; }

    /// <summary>Learns the distinct categories.</summary>
    /// <param name="input">The training values, one per row.</param>
    /// <param name="cancellationToken">Not used; the fit is a single pass.</param>
    /// <returns>The fitted encoder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> or the column name is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The unknown-category handling is undefined.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty or holds a null value.</exception>
    public OneHotEncoderModel Fit(IReadOnlyList<string?> input, CancellationToken cancellationToken = default)
    {
        Options.Validate();

        Categories.CheckValues(input, nameof(input));
        if (input.Count == 0)
        {
            throw new ArgumentException("input is empty; at least one value is required.", nameof(input));
        }

        return new OneHotEncoderModel(Options.ColumnName, Categories.Distinct(input), Options.UnknownCategory);
    }
}
