using System.Text;
using System.Text.Json;

namespace Personalization.Persistence;

/// <summary>
/// Saves and loads fitted models as versioned JSON (System.Text.Json; never BinaryFormatter).
/// </summary>
/// <remarks>
/// The file is <c>{"format":"Personalization.Model","modelType":"...","formatVersion":N,"payload":{...}}</c>.
/// Doubles are written in round-trip form, so a reloaded model predicts bit-identically.
/// All methods are thread-safe.
/// </remarks>
public static class ModelPersistence
{
    /// <summary>The value of the <c>format</c> field of every saved model.</summary>
    public const string FormatMarker = "Personalization.Model";

    private static readonly JsonWriterOptions s_writerOptions = new() { Indented = true };

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <param name="stream">A writable stream; it is not closed.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Save<TModel>(TModel model, Stream stream)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, s_writerOptions);
        writer.WriteStartObject();
        writer.WriteString("format", FormatMarker);
        writer.WriteString("modelType", TModel.PersistedModelType);
        writer.WriteNumber("formatVersion", TModel.CurrentFormatVersion);
        writer.WritePropertyName("payload");
        model.WritePayload(writer);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Returns <paramref name="model"/> as a JSON string.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static string ToJson<TModel>(TModel model)
        where TModel : IPersistableModel<TModel>
    {
        using var stream = new MemoryStream();
        Save(model, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Saves <paramref name="model"/> to a file, replacing it if it exists.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <param name="path">The file path.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void SaveToFile<TModel>(TModel model, string path)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.Create(path);
        Save(model, stream);
    }

    /// <summary>Reads a model from <paramref name="stream"/>.</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="stream">A readable stream holding one saved model.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidDataException">The JSON is malformed, is not a Personalization model, holds another model type, or has an unknown or newer format version.</exception>
    public static TModel Load<TModel>(Stream stream)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document = Parse(stream);
        using (document)
        {
            return Read<TModel>(document.RootElement);
        }
    }

    /// <summary>Reads a model from a JSON string.</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="InvalidDataException">See <see cref="Load{TModel}(Stream)"/>.</exception>
    public static TModel FromJson<TModel>(string json)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return Load<TModel>(stream);
    }

    /// <summary>Loads a model from a file.</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="path">The file path.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">See <see cref="Load{TModel}(Stream)"/>.</exception>
    public static TModel LoadFromFile<TModel>(string path)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Load<TModel>(stream);
    }

    /// <summary>Reads the model type name of a saved model without loading it.</summary>
    /// <param name="stream">A readable stream holding one saved model.</param>
    /// <returns>The <c>modelType</c> field.</returns>
    /// <exception cref="InvalidDataException">The stream is not a saved Personalization model.</exception>
    public static string ReadModelType(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using JsonDocument document = Parse(stream);
        CheckMarker(document.RootElement);
        return ModelJson.GetString(document.RootElement, "modelType");
    }

    /// <summary>Reads the whole stream as strict UTF-8 JSON; JsonDocument alone defers invalid UTF-8 inside strings to GetString.</summary>
    private static JsonDocument Parse(Stream stream)
    {
        byte[] bytes;
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new InvalidDataException("The saved model is not valid UTF-8 text; it is damaged or not a saved model.");
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The saved model is not valid JSON: {ex.Message}", ex);
        }
    }

    private static TModel Read<TModel>(JsonElement root)
        where TModel : IPersistableModel<TModel>
    {
        CheckMarker(root);
        string modelType = ModelJson.GetString(root, "modelType");
        if (!string.Equals(modelType, TModel.PersistedModelType, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The saved model is a '{modelType}', not a '{TModel.PersistedModelType}'; load it with the matching model type.");
        }

        int version = ModelJson.GetInt32(root, "formatVersion");
        if (version > TModel.CurrentFormatVersion)
        {
            throw new InvalidDataException($"The saved '{modelType}' has format version {version}, newer than the newest this build reads ({TModel.CurrentFormatVersion}); upgrade the Personalization packages.");
        }

        if (version < TModel.OldestReadableFormatVersion)
        {
            throw new InvalidDataException($"The saved '{modelType}' has format version {version}; this build reads versions {TModel.OldestReadableFormatVersion} to {TModel.CurrentFormatVersion}. Re-fit the model.");
        }

        JsonElement payload = ModelJson.GetProperty(root, "payload");
        try
        {
            return TModel.ReadPayload(payload, version);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"The saved '{modelType}' payload is corrupt: {ex.Message}", ex);
        }
    }

    private static void CheckMarker(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out JsonElement format)
            || format.ValueKind != JsonValueKind.String
            || format.GetString() != FormatMarker)
        {
            throw new InvalidDataException($"The JSON is not a saved Personalization model (its \"format\" field must be \"{FormatMarker}\").");
        }
    }
}
