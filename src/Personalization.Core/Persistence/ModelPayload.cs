using System.Text.Json;

namespace Personalization.Persistence;

/// <summary>
/// Reads the number arrays of a saved model's payload, for implementations of
/// <see cref="IPersistableModel{TSelf}.ReadPayload(JsonElement, int)"/> (your own model type, or a custom base model
/// saved inside an uplift meta-model).
/// </summary>
/// <remarks>
/// <para>
/// To keep the memory of a load near the size of the file, <see cref="ModelPersistence"/> does not give every number
/// of a big array its own JSON node: in the payload handed to <c>ReadPayload</c>, an array of 32 or more numbers
/// (as written by <see cref="Utf8JsonWriter.WriteStartArray(string)"/> and number values) arrives as one compact
/// string element instead of a JSON array. These methods read a number array field in either form, so read every
/// number array of a payload through them; read everything else (strings, single numbers, nested objects) with
/// <see cref="JsonElement"/> as usual.
/// </para>
/// <para>Doubles and floats may be written as numbers or as the strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c>. The methods hold no state and are thread-safe.</para>
/// </remarks>
public static class ModelPayload
{
    /// <summary>Reads the number array field <paramref name="name"/> of <paramref name="payload"/> as doubles.</summary>
    /// <param name="payload">A payload object (or any object inside it).</param>
    /// <param name="name">The field name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="InvalidDataException">The field is missing or is not an array of numbers (the message names it).</exception>
    public static double[] GetDoubleArray(JsonElement payload, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ModelJson.GetDoubleArray(payload, name);
    }

    /// <summary>Reads the number array field <paramref name="name"/> of <paramref name="payload"/> as floats (each number parsed as a float, not through double).</summary>
    /// <param name="payload">A payload object (or any object inside it).</param>
    /// <param name="name">The field name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="InvalidDataException">The field is missing or is not an array of numbers (the message names it).</exception>
    public static float[] GetSingleArray(JsonElement payload, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ModelJson.GetSingleArray(payload, name);
    }

    /// <summary>Reads the integer array field <paramref name="name"/> of <paramref name="payload"/>.</summary>
    /// <param name="payload">A payload object (or any object inside it).</param>
    /// <param name="name">The field name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="InvalidDataException">The field is missing or is not an array of 32-bit integers (the message names it).</exception>
    public static int[] GetInt32Array(JsonElement payload, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ModelJson.GetInt32Array(payload, name);
    }
}
