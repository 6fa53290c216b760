using System.Text.Json;
using Personalization.Features.Internal;
using Personalization.Persistence;

namespace Personalization.Features;

/// <summary>A fitted ordinal encoder: category i of <see cref="Categories"/> becomes the number i.</summary>
/// <remarks>The model is immutable and thread-safe, and saves through <see cref="ModelPersistence"/>.</remarks>
public sealed class OrdinalEncoderModel : IFittedModel, IPersistableModel<OrdinalEncoderModel>
{
    private readonly string[] _categories;
    private readonly Dictionary<string, int> _index;

    internal OrdinalEncoderModel(string columnName, string[] categories, UnknownCategoryHandling unknown, double unknownValue, bool categoriesGiven)
    {
        Options = new OrdinalEncoderOptions { ColumnName = columnName, Categories = categoriesGiven ? [.. categories] : null, UnknownCategory = unknown, UnknownValue = unknownValue };
        ColumnName = columnName;
        _categories = categories;
        UnknownCategory = unknown;
        UnknownValue = unknownValue;
        _index = Internal.Categories.Index(categories);
    }

    /// <summary>
    /// Gets the options the encoder was fitted with. Format 2 records whether the categories were given; a model loaded from a
    /// format-1 file has <see cref="OrdinalEncoderOptions.Categories"/> <see langword="null"/> (learned), its category order intact.
    /// </summary>
    public OrdinalEncoderOptions Options { get; }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "OrdinalEncoderModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable name of the model type.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the name of the output column.</summary>
    public string ColumnName { get; }

    /// <summary>Gets the categories in code order.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Gets what happens to an unknown category.</summary>
    public UnknownCategoryHandling UnknownCategory { get; }

    /// <summary>Gets the code of an unknown category under <see cref="UnknownCategoryHandling.Ignore"/>.</summary>
    public double UnknownValue { get; }

    /// <summary>Encodes values as one column of codes.</summary>
    /// <param name="values">The values, one per row.</param>
    /// <param name="rowIds">Optional row ids, one per value.</param>
    /// <returns>A one-column matrix named <see cref="ColumnName"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is null, or unknown under <see cref="UnknownCategoryHandling.Error"/>, or the row ids do not match.</exception>
    public FeatureMatrix<double> Transform(IReadOnlyList<string?> values, IReadOnlyList<string>? rowIds = null)
    {
        Internal.Categories.CheckValues(values, nameof(values));
        Internal.Categories.CheckRowIds(rowIds, values.Count);
        var result = new double[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            if (_index.TryGetValue(values[i]!, out int k))
            {
                result[i] = k;
            }
            else if (UnknownCategory == UnknownCategoryHandling.Error)
            {
                throw Internal.Categories.Unknown(values[i]!, i, _categories, nameof(values));
            }
            else
            {
                result[i] = UnknownValue;
            }
        }

        return FeatureMatrix<double>.FromOwnedArray(result, values.Count, 1, [ColumnName], rowIds);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The JSON writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        Internal.Categories.WriteFields(writer, ColumnName, _categories, UnknownCategory);
        ModelJson.WriteDouble(writer, "unknownValue", UnknownValue);
        writer.WriteBoolean("categoriesGiven", Options.Categories is not null);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version of the file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or invalid.</exception>
    public static OrdinalEncoderModel ReadPayload(JsonElement payload, int formatVersion)
    {
        (string columnName, string[] categories, UnknownCategoryHandling unknown) = Internal.Categories.ReadFields(payload, PersistedModelType);
        return new OrdinalEncoderModel(columnName, categories, unknown, ModelJson.GetDouble(payload, "unknownValue"), formatVersion >= 2 && ModelJson.GetBoolean(payload, "categoriesGiven"));
    }
}
