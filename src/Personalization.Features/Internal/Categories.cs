namespace Personalization.Features.Internal;

/// <summary>Checks shared by the encoders.</summary>
internal static class Categories
{
    public static void CheckValues(IReadOnlyList<string?> values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException($"{paramName}[{i}] is null; fill missing categories first (for example with \"Unknown\").", paramName);
            }
        }
    }

    public static string[] Distinct(IReadOnlyList<string?> values)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string? v in values)
        {
            set.Add(v!);
        }

        return set.ToArray();
    }

    public static ArgumentException Unknown(string value, int index, IReadOnlyList<string> known, string paramName) =>
        new($"{paramName}[{index}] is '{value}', a category not seen in training (known: {string.Join(", ", known)}). Re-fit on data that includes it, or set UnknownCategory = Ignore.", paramName);

    public static void CheckRowIds(IReadOnlyList<string>? rowIds, int count)
    {
        if (rowIds is not null && rowIds.Count != count)
        {
            throw new ArgumentException($"rowIds has {rowIds.Count} ids but there are {count} values; give one id per value.", nameof(rowIds));
        }
    }
}
