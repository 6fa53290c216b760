using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Features.Internal;

/// <summary>Checks, lookup and persistence shared by the encoders.</summary>
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

    /// <summary>The position of each category (ordinal comparison).</summary>
    public static Dictionary<string, int> Index(string[] categories)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < categories.Length; i++)
        {
            index[categories[i]] = i;
        }

        return index;
    }

    /// <summary>Writes the fields every encoder payload has: column name, categories, unknown-category handling.</summary>
    public static void WriteFields(Utf8JsonWriter writer, string columnName, string[] categories, UnknownCategoryHandling unknown)
    {
        writer.WriteString("columnName", columnName);
        ModelJson.WriteArray(writer, "categories", categories);
        writer.WriteString("unknownCategory", unknown.ToString());
    }

    /// <summary>Reads and validates the fields written by <see cref="WriteFields"/>; <paramref name="modelType"/> names the model in errors.</summary>
    /// <exception cref="InvalidDataException">A field is missing, the handling is unknown, or a category repeats.</exception>
    public static (string ColumnName, string[] Categories, UnknownCategoryHandling Unknown) ReadFields(JsonElement payload, string modelType)
    {
        if (!Enum.TryParse(ModelJson.GetString(payload, "unknownCategory"), out UnknownCategoryHandling unknown) || !Enum.IsDefined(unknown))
        {
            throw new InvalidDataException($"The saved {modelType} has an unknown \"unknownCategory\".");
        }

        string[] categories = ModelJson.GetStringArray(payload, "categories");
        if (categories.Distinct(StringComparer.Ordinal).Count() != categories.Length)
        {
            throw new InvalidDataException($"The saved {modelType} repeats a category.");
        }

        return (ModelJson.GetString(payload, "columnName"), categories, unknown);
    }
}
