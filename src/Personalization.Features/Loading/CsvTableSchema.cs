namespace Personalization.Features;

/// <summary>The columns <see cref="CsvTableReader"/> reads from a CSV with a header: text columns and number columns.</summary>
/// <remarks>A column may be listed once only, in one of the two lists; columns of the file that are not listed are ignored
/// (but every record must still have as many fields as the header).</remarks>
public sealed record CsvTableSchema
{
    /// <summary>Gets the text columns, such as an arm, an id or a categorical feature. A blank value (empty or only whitespace) is a rejected row.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> Text { get; init; } = [];

    /// <summary>Gets the number columns (culture-invariant, <c>.</c> as the decimal separator). A value that is not a finite number is a rejected row.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> Numbers { get; init; } = [];

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Text, nameof(Text));
        ArgumentNullException.ThrowIfNull(Numbers, nameof(Numbers));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? name in Text.Concat(Numbers))
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A column name of the schema is null or blank.", nameof(Text));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"The column '{name}' is listed twice in the schema; list each column once.", nameof(Text));
            }
        }

        if (seen.Count == 0)
        {
            throw new ArgumentException("The schema names no column; list at least one text or number column.", nameof(Text));
        }
    }
}
