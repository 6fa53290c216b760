using System.Text;
using System.Text.Json;
using Personalization.Persistence.Internal;

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

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/> with <see cref="ModelSaveOptions.Default"/> (training labels omitted).</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <param name="stream">A writable stream; it is not closed.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Save<TModel>(TModel model, Stream stream)
        where TModel : IPersistableModel<TModel> =>
        Save(model, stream, ModelSaveOptions.Default);

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <param name="stream">A writable stream; it is not closed.</param>
    /// <param name="options">What to write, for example <c>new ModelSaveOptions { IncludeTrainingLabels = true }</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Save<TModel>(TModel model, Stream stream, ModelSaveOptions options)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new Utf8JsonWriter(stream, s_writerOptions);
        writer.WriteStartObject();
        writer.WriteString("format", FormatMarker);
        writer.WriteString("modelType", TModel.PersistedModelType);
        writer.WriteNumber("formatVersion", TModel.CurrentFormatVersion);
        writer.WritePropertyName("payload");
        model.WritePayload(writer, options);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Returns <paramref name="model"/> as a JSON string, with <see cref="ModelSaveOptions.Default"/>.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static string ToJson<TModel>(TModel model)
        where TModel : IPersistableModel<TModel> =>
        ToJson(model, ModelSaveOptions.Default);

    /// <summary>Returns <paramref name="model"/> as a JSON string.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <param name="options">What to write.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="options"/> is null.</exception>
    public static string ToJson<TModel>(TModel model, ModelSaveOptions options)
        where TModel : IPersistableModel<TModel>
    {
        using var stream = new MemoryStream();
        Save(model, stream, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Saves <paramref name="model"/> to a file, replacing it if it exists, with <see cref="ModelSaveOptions.Default"/>.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <param name="path">The file path.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void SaveToFile<TModel>(TModel model, string path)
        where TModel : IPersistableModel<TModel> =>
        SaveToFile(model, path, ModelSaveOptions.Default);

    /// <summary>Saves <paramref name="model"/> to a file, replacing it if it exists.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model to save.</param>
    /// <param name="path">The file path.</param>
    /// <param name="options">What to write.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void SaveToFile<TModel>(TModel model, string path, ModelSaveOptions options)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        using var stream = File.Create(path);
        Save(model, stream, options);
    }

    /// <summary>Reads a model from <paramref name="stream"/> with the default limits (<see cref="ModelLoadOptions.Default"/>).</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="stream">A readable stream holding one saved model.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is larger than 64 MiB, the JSON is malformed, is not a Personalization model, holds another model type, has an unknown or newer format version, or a field is missing, not finite or inconsistent (the message names the field).</exception>
    public static TModel Load<TModel>(Stream stream)
        where TModel : IPersistableModel<TModel> =>
        Load<TModel>(stream, ModelLoadOptions.Default);

    /// <summary>Reads a model from <paramref name="stream"/>.</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="stream">A readable stream holding one saved model.</param>
    /// <param name="options">The limits, for example a larger <see cref="ModelLoadOptions.MaxModelBytes"/> for a trusted big model.</param>
    /// <returns>The model.</returns>
    /// <remarks>
    /// The input is read once into a buffer of its own size (a seekable stream is measured first and
    /// refused before reading when too large). Big number arrays (centroids, labels, tree nodes) are parsed
    /// straight from that buffer into the model's arrays instead of into a JSON document, so a load needs
    /// about the file size plus the model itself, whatever the layout of the numbers. Every model type checks each
    /// number (finite where NaN has no meaning) and each shape (counts, dimensions, indices) of its payload.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidDataException">The input is larger than <see cref="ModelLoadOptions.MaxModelBytes"/>, or the model is invalid (see <see cref="Load{TModel}(Stream)"/>).</exception>
    public static TModel Load<TModel>(Stream stream, ModelLoadOptions options)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using JsonDocument document = Parse(ReadBounded(stream, options.MaxModelBytes));
        return Read<TModel>(document.RootElement);
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
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json), writable: false);
        return Load<TModel>(stream);
    }

    /// <summary>Loads a model from a file with the default limits (<see cref="ModelLoadOptions.Default"/>).</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="path">The file path.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">See <see cref="Load{TModel}(Stream)"/>.</exception>
    public static TModel LoadFromFile<TModel>(string path)
        where TModel : IPersistableModel<TModel> =>
        LoadFromFile<TModel>(path, ModelLoadOptions.Default);

    /// <summary>Loads a model from a file.</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="path">The file path.</param>
    /// <param name="options">The limits.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="ModelLoadOptions.MaxModelBytes"/> (the message names the file), or the model is invalid (see <see cref="Load{TModel}(Stream)"/>).</exception>
    public static TModel LoadFromFile<TModel>(string path, ModelLoadOptions options)
        where TModel : IPersistableModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            return Load<TModel>(stream, options);
        }
        catch (InvalidDataException ex) when (ex.Data.Contains(TooLargeKey))
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the model type name of a saved model without loading it.</summary>
    /// <param name="stream">A readable stream holding one saved model.</param>
    /// <returns>The <c>modelType</c> field.</returns>
    /// <exception cref="InvalidDataException">The stream is larger than 64 MiB or is not a saved Personalization model.</exception>
    public static string ReadModelType(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using JsonDocument document = Parse(ReadBounded(stream, ModelLoadOptions.DefaultMaxModelBytes));
        CheckMarker(document.RootElement);
        return ModelJson.GetString(document.RootElement, "modelType");
    }

    private const string TooLargeKey = "Personalization.ModelTooLarge";

    /// <summary>
    /// Parses strict UTF-8 JSON (JsonDocument alone defers invalid UTF-8 inside strings to GetString), first
    /// rewriting, in place, the big number arrays of <paramref name="utf8"/> (a buffer of ours) as compact strings.
    /// </summary>
    private static JsonDocument Parse(Memory<byte> utf8)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8.Span.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            throw new InvalidDataException("The saved model is not valid UTF-8 text; it is damaged or not a saved model.");
        }

        try
        {
            CompactNumberArrays.Compact(utf8.Span);
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The saved model is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the rest of <paramref name="stream"/> into one buffer of its size, refusing more than <paramref name="max"/> bytes.</summary>
    private static Memory<byte> ReadBounded(Stream stream, long max)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > max)
            {
                throw TooLarge(remaining, max);
            }

            var buffer = new byte[remaining];
            stream.ReadExactly(buffer);
            if (stream.ReadByte() >= 0)
            {
                throw TooLarge(null, max);
            }

            return buffer;
        }

        var chunks = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (chunks.Length + read > max)
            {
                throw TooLarge(null, max);
            }

            chunks.Write(chunk, 0, read);
        }

        return new Memory<byte>(chunks.GetBuffer(), 0, (int)chunks.Length);
    }

    private static InvalidDataException TooLarge(long? size, long max)
    {
        string what = size is long n ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is {n:N0} bytes, more than") : "is larger than";
        var ex = new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The saved model {what} the limit of {max:N0} bytes (ModelLoadOptions.MaxModelBytes); raise the limit only for a trusted file."));
        ex.Data[TooLargeKey] = true;
        return ex;
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
