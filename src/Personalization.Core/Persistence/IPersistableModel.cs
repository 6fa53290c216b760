using System.Text.Json;

namespace Personalization.Persistence;

/// <summary>
/// A fitted model that can be saved as versioned JSON through <see cref="ModelPersistence"/>.
/// </summary>
/// <typeparam name="TSelf">The model type itself.</typeparam>
/// <remarks>
/// The envelope (<c>format</c>, <c>modelType</c>, <c>formatVersion</c>) is written by
/// <see cref="ModelPersistence"/>; the model writes only its payload object. Loading checks the
/// model type and that the version lies between <see cref="OldestReadableFormatVersion"/> and
/// <see cref="CurrentFormatVersion"/>, and throws <see cref="InvalidDataException"/> otherwise.
/// </remarks>
public interface IPersistableModel<TSelf> : IFittedModel
    where TSelf : IPersistableModel<TSelf>
{
    /// <summary>Gets the stable model type name written to JSON.</summary>
    static abstract string PersistedModelType { get; }

    /// <summary>Gets the payload format version this build writes.</summary>
    static abstract int CurrentFormatVersion { get; }

    /// <summary>Gets the oldest payload format version this build can still read.</summary>
    static abstract int OldestReadableFormatVersion { get; }

    /// <summary>Writes the model's payload as one JSON object.</summary>
    /// <param name="writer">The writer, positioned where the payload object goes.</param>
    void WritePayload(Utf8JsonWriter writer);

    /// <summary>Writes the model's payload as one JSON object, honouring <paramref name="options"/>.</summary>
    /// <param name="writer">The writer, positioned where the payload object goes.</param>
    /// <param name="options">What to write; models without optional parts ignore it (the default implementation calls <see cref="WritePayload(Utf8JsonWriter)"/>).</param>
    void WritePayload(Utf8JsonWriter writer, ModelSaveOptions options) => WritePayload(writer);

    /// <summary>Reads a payload written by <see cref="WritePayload(Utf8JsonWriter)"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version recorded in the file (already range-checked).</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The payload is missing fields or inconsistent.</exception>
    /// <remarks>
    /// Read number arrays only through <see cref="ModelPayload"/> (<c>GetDoubleArray</c>, <c>GetSingleArray</c>,
    /// <c>GetInt32Array</c>): during a <see cref="ModelPersistence"/> load, an array of 32 or more numbers arrives as
    /// one compact string element rather than a JSON array, so that a big model does not cost a JSON node per number.
    /// The element is self-contained: it can be read on any thread and handed to another model's reader. Check every
    /// number and shape and throw <see cref="InvalidDataException"/> naming the field.
    /// </remarks>
    static abstract TSelf ReadPayload(JsonElement payload, int formatVersion);
}
