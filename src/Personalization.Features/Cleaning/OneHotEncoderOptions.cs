namespace Personalization.Features;

/// <summary>Options of <see cref="OneHotEncoder"/>.</summary>
public sealed record OneHotEncoderOptions : IValidatableOptions
{
    /// <summary>Gets the name of the encoded column, used as the prefix of the output columns (<c>name=category</c>).</summary>
    /// <value>Default <c>category</c>.</value>
    public string ColumnName { get; init; } = "category";

    /// <summary>Gets what to do with a category not seen in training.</summary>
    /// <value>Default <see cref="UnknownCategoryHandling.Error"/>.</value>
    public UnknownCategoryHandling UnknownCategory { get; init; } = UnknownCategoryHandling.Error;

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentNullException"><see cref="ColumnName"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="UnknownCategory"/> is undefined.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ColumnName);
        if (!Enum.IsDefined(UnknownCategory))
        {
            throw new ArgumentOutOfRangeException(nameof(UnknownCategory), UnknownCategory, "UnknownCategory must be Error or Ignore.");
        }
    }
}
