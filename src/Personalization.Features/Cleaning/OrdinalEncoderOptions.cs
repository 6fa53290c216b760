namespace Personalization.Features;

/// <summary>Options of <see cref="OrdinalEncoder"/>.</summary>
public sealed record OrdinalEncoderOptions
{
    /// <summary>Gets the name of the output column.</summary>
    /// <value>Default <c>category</c>.</value>
    public string ColumnName { get; init; } = "category";

    /// <summary>Gets the categories in their order (for example Bronze, Silver, Gold), or <see langword="null"/> to use the training categories sorted ordinally.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Gets what to do with a category not seen in training (or not listed).</summary>
    /// <value>Default <see cref="UnknownCategoryHandling.Error"/>.</value>
    public UnknownCategoryHandling UnknownCategory { get; init; } = UnknownCategoryHandling.Error;

    /// <summary>Gets the code of an unknown category under <see cref="UnknownCategoryHandling.Ignore"/>.</summary>
    /// <value>Default -1.</value>
    public double UnknownValue { get; init; } = -1;
}
