using System.Text.Json;
using Personalization.Features.Internal;
using Personalization.Persistence;

namespace Personalization.Features;

/// <summary>A fitted one-hot encoder: one 0/1 column per training category, named <c>column=category</c>.</summary>
/// <remarks>The model is immutable and thread-safe, and saves through <see cref="ModelPersistence"/>.</remarks>
public sealed class OneHotEncoderModel : IFittedModel, IPersistableModel<OneHotEncoderModel>
{
    private readonly string[] _categories;
    private readonly Dictionary<string, int> _index;

    internal OneHotEncoderModel(string columnName, string[] categories, UnknownCategoryHandling unknown)
    {
        ColumnName = columnName;
        _categories = categories;
        UnknownCategory = unknown;
        Options = new OneHotEncoderOptions { ColumnName = columnName, UnknownCategory = unknown };
        _index = Internal.Categories.Index(categories);

        OutputColumnNames = categories.Select(c => columnName + "=" + c).ToArray();
    }

    /// <summary>Gets the options the encoder was fitted with (all of them are saved, so a loaded model has them too).</summary>
    public OneHotEncoderOptions Options { get; }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "OneHotEncoderModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable name of the model type.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the name of the encoded column.</summary>
    public string ColumnName { get; }

    /// <summary>Gets the training categories, sorted ordinally; output column i is category i.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Gets the names of the output columns, <c>column=category</c>.</summary>
    public IReadOnlyList<string> OutputColumnNames { get; }

    /// <summary>Gets what happens to an unknown category.</summary>
    public UnknownCategoryHandling UnknownCategory { get; }

    /// <summary>Encodes values as one-hot rows.</summary>
    /// <param name="values">The values, one per row.</param>
    /// <param name="rowIds">Optional row ids, one per value (for example customer ids).</param>
    /// <returns>A matrix with one row per value and one column per training category.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is null, or unknown under <see cref="UnknownCategoryHandling.Error"/>, or the row ids do not match.</exception>
    public FeatureMatrix<double> Transform(IReadOnlyList<string?> values, IReadOnlyList<string>? rowIds = null)
    {
        Internal.Categories.CheckValues(values, nameof(values));
        Internal.Categories.CheckRowIds(rowIds, values.Count);
        int m = _categories.Length;
        var result = new double[values.Count * m];
        for (int i = 0; i < values.Count; i++)
        {
            if (_index.TryGetValue(values[i]!, out int k))
            {
                result[(i * m) + k] = 1;
            }
            else if (UnknownCategory == UnknownCategoryHandling.Error)
            {
                throw Internal.Categories.Unknown(values[i]!, i, _categories, nameof(values));
            }
        }

        return FeatureMatrix<double>.FromOwnedArray(result, values.Count, m, OutputColumnNames, rowIds);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The JSON writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        Internal.Categories.WriteFields(writer, ColumnName, _categories, UnknownCategory);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version of the file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or invalid.</exception>
    public static OneHotEncoderModel ReadPayload(JsonElement payload, int formatVersion)
    {
        (string columnName, string[] categories, UnknownCategoryHandling unknown) = Internal.Categories.ReadFields(payload, PersistedModelType);
        return new OneHotEncoderModel(columnName, categories, unknown);
    }
}
