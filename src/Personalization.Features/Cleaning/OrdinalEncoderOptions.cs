namespace Personalization.Features;

/// <summary>Options of <see cref="OrdinalEncoder"/>.</summary>
public sealed record OrdinalEncoderOptions : IValidatableOptions
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

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentNullException"><see cref="ColumnName"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="UnknownCategory"/> is undefined or <see cref="UnknownValue"/> is not finite.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ColumnName);
        if (!Enum.IsDefined(UnknownCategory))
        {
            throw new ArgumentOutOfRangeException(nameof(UnknownCategory), UnknownCategory, "UnknownCategory must be Error or Ignore.");
        }

        Validation.Guard.Finite(UnknownValue);
    }
}
