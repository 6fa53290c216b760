using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>Maps the categories of an ordered categorical column (loyalty tier) to 0, 1, 2, ...</summary>
/// <remarks>
/// With <see cref="OrdinalEncoderOptions.Categories"/> set, category i gets code i and training values must
/// be among them; otherwise the training categories sorted ordinally get codes 0, 1, 2, ...
/// The estimator is stateless and thread-safe.
/// </remarks>
public sealed class OrdinalEncoder : IEstimator<IReadOnlyList<string?>, OrdinalEncoderModel>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public OrdinalEncoder(OrdinalEncoderOptions? options = null) => Options = options ?? new OrdinalEncoderOptions();

    /// <summary>Gets the options.</summary>
    public OrdinalEncoderOptions Options { get; }

    /// <summary>Learns the category order.</summary>
    /// <param name="input">The training values, one per row.</param>
    /// <param name="cancellationToken">Not used; the fit is a single pass.</param>
    /// <returns>The fitted encoder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> or the column name is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The unknown-category handling is undefined or the unknown value is not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty or holds a null value; a listed category repeats; or a training value is not listed.</exception>
    public OrdinalEncoderModel Fit(IReadOnlyList<string?> input, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        Categories.CheckValues(input, nameof(input));
        if (input.Count == 0)
        {
            throw new ArgumentException("input is empty; at least one value is required.", nameof(input));
        }

        string[] categories;
        if (Options.Categories is { } listed)
        {
            categories = listed.ToArray();
            if (categories.Distinct(StringComparer.Ordinal).Count() != categories.Length || Array.Exists(categories, c => c is null))
            {
                throw new ArgumentException("Categories has a null or repeated entry; list each category once.", nameof(input));
            }

            var known = new HashSet<string>(categories, StringComparer.Ordinal);
            for (int i = 0; i < input.Count; i++)
            {
                if (!known.Contains(input[i]!))
                {
                    throw Categories.Unknown(input[i]!, i, categories, nameof(input));
                }
            }
        }
        else
        {
            categories = Categories.Distinct(input);
        }

        return new OrdinalEncoderModel(Options.ColumnName, categories, Options.UnknownCategory, Options.UnknownValue, Options.Categories is not null);
    }
}
