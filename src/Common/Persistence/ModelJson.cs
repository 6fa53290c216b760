using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Personalization.Persistence.Internal;

namespace Personalization.Persistence;

/// <summary>
/// Helpers for model payloads: round-trip doubles (NaN and infinities as strings), arrays and
/// matrices, and field access that throws <see cref="InvalidDataException"/> on missing or wrong fields.
/// </summary>
/// <remarks>
/// Shared source (src/Common): compiled into every package as an internal type, so each package reads and writes its
/// payloads the same way without a public helper in Core. The number-array readers accept both a JSON array and the
/// compact string <see cref="ModelPersistence"/> puts in place of an array of 32 or more numbers
/// (<see cref="CompactNumberArrays"/>); they need nothing but the <see cref="JsonElement"/>.
/// </remarks>
internal static partial class ModelJson
{
    /// <summary>Writes a double; NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity".</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes a named double property (see <see cref="WriteDoubleValue"/>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        WriteDoubleValue(writer, value);
    }

    /// <summary>Writes a named array of numbers.</summary>
    /// <typeparam name="T">A floating-point type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="values">The values.</param>
    public static void WriteArray<T>(Utf8JsonWriter writer, string name, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(name);
        foreach (T v in values)
        {
            if (typeof(T) == typeof(float))
            {
                float f = float.CreateTruncating(v);
                if (float.IsFinite(f))
                {
                    writer.WriteNumberValue(f);
                }
                else
                {
                    writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                }
            }
            else
            {
                WriteDoubleValue(writer, double.CreateTruncating(v));
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a named array of integers.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="values">The values.</param>
    public static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<int> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(name);
        foreach (int v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a named array of strings.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="values">The values.</param>
    public static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartArray(name);
        foreach (string v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a matrix as <c>{"rows":r,"columns":c,"columnNames":[...],"rowIds":[...]|null,"values":[...]}</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="matrix">The matrix.</param>
    public static void WriteMatrix<T>(Utf8JsonWriter writer, string name, FeatureMatrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(matrix);
        writer.WriteStartObject(name);
        writer.WriteNumber("rows", matrix.RowCount);
        writer.WriteNumber("columns", matrix.ColumnCount);
        WriteArray(writer, "columnNames", matrix.ColumnNames);
        if (matrix.RowIds is null)
        {
            writer.WriteNull("rowIds");
        }
        else
        {
            WriteArray(writer, "rowIds", matrix.RowIds);
        }

        WriteArray(writer, "values", matrix.AsSpan());
        writer.WriteEndObject();
    }

    /// <summary>Gets a required property.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The property value.</returns>
    /// <exception cref="InvalidDataException">The element is not an object or lacks the property.</exception>
    public static JsonElement GetProperty(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
        {
            throw new InvalidDataException($"The saved model is missing the field \"{name}\".");
        }

        return value;
    }

    /// <summary>Gets a required string property.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The string.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not a string.</exception>
    public static string GetString(JsonElement element, string name)
    {
        JsonElement value = GetProperty(element, name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"The saved model field \"{name}\" must be a string.");
    }

    /// <summary>Gets a required integer property.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not an integer.</exception>
    public static int GetInt32(JsonElement element, string name)
    {
        JsonElement value = GetProperty(element, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result)
            ? result
            : throw new InvalidDataException($"The saved model field \"{name}\" must be an integer.");
    }

    /// <summary>Gets a required boolean property.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The boolean.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not a boolean.</exception>
    public static bool GetBoolean(JsonElement element, string name)
    {
        JsonElement value = GetProperty(element, name);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new InvalidDataException($"The saved model field \"{name}\" must be true or false.");
    }

    /// <summary>Gets a required double property (accepts "NaN", "Infinity", "-Infinity" strings).</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not a number.</exception>
    public static double GetDouble(JsonElement element, string name) => ReadDouble(GetProperty(element, name), name);

    /// <summary>Gets a required array of doubles.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not an array of numbers.</exception>
    public static double[] GetDoubleArray(JsonElement element, string name)
    {
        if (CompactNumberArrays.TryRead(GetProperty(element, name), name, out double[] compact))
        {
            return compact;
        }

        JsonElement array = GetArray(element, name);
        var result = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result[i++] = ReadDouble(item, name);
        }

        return result;
    }

    /// <summary>Gets a required array of floats.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not an array of numbers.</exception>
    public static float[] GetSingleArray(JsonElement element, string name)
    {
        if (CompactNumberArrays.TryRead(GetProperty(element, name), name, out float[] compact))
        {
            return compact;
        }

        JsonElement array = GetArray(element, name);
        var result = new float[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetSingle(out float f)
                ? f
                : (float)ReadDouble(item, name);
        }

        return result;
    }

    /// <summary>Gets a required array of integers.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not an array of integers.</exception>
    public static int[] GetInt32Array(JsonElement element, string name)
    {
        if (CompactNumberArrays.TryRead(GetProperty(element, name), name, out int[] compact))
        {
            return compact;
        }

        JsonElement array = GetArray(element, name);
        var result = new int[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out int v)
                ? v
                : throw new InvalidDataException($"The saved model field \"{name}\" must hold integers.");
        }

        return result;
    }

    /// <summary>Gets a required array of strings.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidDataException">The property is missing or not an array of strings.</exception>
    public static string[] GetStringArray(JsonElement element, string name)
    {
        JsonElement array = GetArray(element, name);
        var result = new string[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result[i++] = item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new InvalidDataException($"The saved model field \"{name}\" must hold strings.");
        }

        return result;
    }

    /// <summary>Reads a matrix written by <see cref="WriteMatrix{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The object holding the matrix property.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="InvalidDataException">The matrix is missing or its shape is inconsistent.</exception>
    public static FeatureMatrix<T> GetMatrix<T>(JsonElement element, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        JsonElement m = GetProperty(element, name);
        int rows = GetInt32(m, "rows");
        int columns = GetInt32(m, "columns");
        string[] names = GetStringArray(m, "columnNames");
        JsonElement idsElement = GetProperty(m, "rowIds");
        string[]? ids = idsElement.ValueKind == JsonValueKind.Null ? null : GetStringArray(m, "rowIds");
        T[] values;
        if (typeof(T) == typeof(float))
        {
            values = (T[])(object)GetSingleArray(m, "values");
        }
        else
        {
            double[] d = GetDoubleArray(m, "values");
            values = new T[d.Length];
            for (int i = 0; i < d.Length; i++)
            {
                values[i] = T.CreateTruncating(d[i]);
            }
        }

        try
        {
            return FeatureMatrix<T>.FromOwnedArray(values, rows, columns, names, ids);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"The saved matrix \"{name}\" is inconsistent: {ex.Message}", ex);
        }
    }

    private static JsonElement GetArray(JsonElement element, string name)
    {
        JsonElement array = GetProperty(element, name);
        return array.ValueKind == JsonValueKind.Array
            ? array
            : throw new InvalidDataException($"The saved model field \"{name}\" must be an array.");
    }

    private static double ReadDouble(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d))
        {
            return d;
        }

        if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
        {
            return s;
        }

        throw new InvalidDataException($"The saved model field \"{name}\" must hold numbers.");
    }
}
