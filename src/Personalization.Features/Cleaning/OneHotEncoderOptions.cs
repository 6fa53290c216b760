namespace Personalization.Features;

/// <summary>Options of <see cref="OneHotEncoder"/>.</summary>
public sealed record OneHotEncoderOptions
{
    /// <summary>Gets the name of the encoded column, used as the prefix of the output columns (<c>name=category</c>).</summary>
    /// <value>Default <c>category</c>.</value>
    public string ColumnName { get; init; } = "category";

    /// <summary>Gets what to do with a category not seen in training.</summary>
    /// <value>Default <see cref="UnknownCategoryHandling.Error"/>.</value>
    public UnknownCategoryHandling UnknownCategory { get; init; } = UnknownCategoryHandling.Error;
}
