namespace Personalization.Features;

/// <summary>Options of <see cref="CustomerFeatureExtractor"/>: the as-of date, the window and the behavioural details.</summary>
/// <remarks>Constructing options does no work; <see cref="CustomerFeatureExtractor"/> validates them.</remarks>
public sealed record CustomerFeatureOptions : IValidatableOptions
{
    /// <summary>Gets the date the features describe. Transactions after it are ignored.</summary>
    /// <value>Default <see langword="null"/>: the latest transaction timestamp in the input.</value>
    public DateTime? AsOf { get; init; }

    /// <summary>Gets the length of the window (AsOf - WindowDays, AsOf] that frequency, spend and the behavioural features use.</summary>
    /// <value>Default <see langword="null"/>: the whole history up to <see cref="AsOf"/>.</value>
    public int? WindowDays { get; init; }

    /// <summary>Gets the channel name counted by <see cref="CustomerFeatureNames.OnlineShare"/> (compared ignoring case).</summary>
    /// <value>Default <c>online</c>.</value>
    public string OnlineChannel { get; init; } = "online";

    /// <summary>Gets the categories that get a spend share column, in column order; empty for none (and no top-category column).</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Gets the value written where a feature is undefined, such as the order interval of a one-order customer.</summary>
    /// <value>Default <see cref="double.NaN"/> (impute it before scaling, see <c>SimpleImputer</c>).</value>
    public double UndefinedValue { get; init; } = double.NaN;

    /// <summary>Gets the columns to produce, in order, or <see langword="null"/> for all of them.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Checks every option; the extractor calls it before reading, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="WindowDays"/> is below 1.</exception>
    /// <exception cref="ArgumentNullException"><see cref="OnlineChannel"/> or <see cref="Categories"/> is null.</exception>
    /// <exception cref="ArgumentException">A category is empty or repeated.</exception>
    public void Validate()
    {
        if (WindowDays is int w && w < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowDays), w, $"WindowDays must be at least 1 (or null for the whole history), but was {w}.");
        }

        if (OnlineChannel is null)
        {
            throw new ArgumentNullException(nameof(OnlineChannel), "OnlineChannel must not be null.");
        }

        if (Categories is null)
        {
            throw new ArgumentNullException(nameof(Categories), "Categories must not be null; use an empty list for none.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Categories.Count; i++)
        {
            if (string.IsNullOrEmpty(Categories[i]) || !seen.Add(Categories[i]))
            {
                throw new ArgumentException($"Categories[{i}] is empty or repeated ('{Categories[i]}'); list each category once.", nameof(Categories));
            }
        }
    }
}
