using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Personalization.Persistence.Internal;

/// <summary>
/// Keeps big number arrays out of the <see cref="JsonDocument"/> of a load without any side state: before parsing,
/// <see cref="ModelPersistence"/> rewrites in place every array of at least <see cref="MinimumLength"/> numbers
/// (or "NaN"/"Infinity"/"-Infinity" strings) into a JSON string of the same length that holds the same numbers
/// (<c>[1, "NaN", 2]</c> becomes <c>"1,  NaN , 2"</c>), so the document spends one node on the array instead of one per
/// number. The readers (<see cref="ModelJson"/>, the public <see cref="ModelPayload"/>) parse that string's raw bytes
/// straight into the typed result.
/// </summary>
/// <remarks>
/// Shared source (src/Common), so the format is defined once: <see cref="Compact"/> runs only in Core's
/// <see cref="ModelPersistence"/>; <see cref="TryRead{T}"/> runs in every package that reads a payload. The compact
/// string is self-contained (no thread-static table, no handle into Core), so a payload element can be handed to
/// another package's reader, on any thread.
/// A <see cref="JsonDocument"/> spends 12 bytes of metadata per value, so a compact array such as <c>[0,1,0,...]</c>
/// would cost about 6 times its text; this way a load needs the file bytes, a small document and the model's arrays.
/// </remarks>
internal static class CompactNumberArrays
{
    /// <summary>Arrays shorter than this stay JSON arrays; a compact string with fewer numbers is refused.</summary>
    public const int MinimumLength = 32;

    /// <summary>Rewrites, in place, every array of at least <see cref="MinimumLength"/> numbers into a compact string.</summary>
    /// <param name="utf8">Valid UTF-8 JSON owned by the caller; its length does not change.</param>
    /// <exception cref="JsonException">The JSON is malformed.</exception>
    public static void Compact(Span<byte> utf8)
    {
        foreach ((int start, int length) in Find(utf8))
        {
            Span<byte> array = utf8.Slice(start, length);
            array[0] = (byte)'"';
            array[^1] = (byte)'"';
            foreach (ref byte b in array[1..^1])
            {
                // Inside the array only numbers, commas, whitespace and the quotes of "NaN"/"Infinity" occur;
                // whitespace other than a space and quotes are not allowed raw inside a JSON string.
                if (b is (byte)'"' or (byte)'\t' or (byte)'\n' or (byte)'\r')
                {
                    b = (byte)' ';
                }
            }
        }
    }

    /// <summary>Reads <paramref name="value"/> when it is a compact number array.</summary>
    /// <typeparam name="T">double, float or int.</typeparam>
    /// <param name="value">A field value.</param>
    /// <param name="name">The field name, for messages.</param>
    /// <param name="result">The numbers, when <paramref name="value"/> is a string.</param>
    /// <returns>Whether <paramref name="value"/> is a string (and so was read as a compact array).</returns>
    /// <exception cref="InvalidDataException">The string is not a compact array of at least <see cref="MinimumLength"/> numbers of type <typeparamref name="T"/>.</exception>
    public static bool TryRead<T>(JsonElement value, string name, out T[] result)
        where T : unmanaged
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            result = [];
            return false;
        }

        ReadOnlySpan<byte> text = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        int count = text.Count((byte)',') + 1;
        if (count < MinimumLength)
        {
            throw new InvalidDataException($"The saved model field \"{name}\" must be an array.");
        }

        result = new T[count];
        int i = 0;
        foreach (Range r in text.Split((byte)','))
        {
            result[i++] = Parse<T>(text[r].Trim((byte)' '), name);
        }

        return true;
    }

    private static T Parse<T>(ReadOnlySpan<byte> token, string name)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                ? (T)(object)d
                : throw new InvalidDataException($"The saved model field \"{name}\" must hold numbers.");
        }

        if (typeof(T) == typeof(float))
        {
            // Parsed as float directly (not through double), exactly as a JSON number token would be.
            return float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float f)
                ? (T)(object)f
                : throw new InvalidDataException($"The saved model field \"{name}\" must hold numbers.");
        }

        if (typeof(T) == typeof(int))
        {
            return int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
                ? (T)(object)v
                : throw new InvalidDataException($"The saved model field \"{name}\" must hold integers.");
        }

        throw new NotSupportedException($"Compact arrays of {typeof(T).Name} are not read.");
    }

    /// <summary>One streaming pass: the byte range of every array of at least <see cref="MinimumLength"/> numbers.</summary>
    private static List<(int Start, int Length)> Find(ReadOnlySpan<byte> utf8)
    {
        var found = new List<(int Start, int Length)>();
        var open = new Stack<(int Start, int Count, bool Numeric)>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    MarkChild(open, numeric: false);
                    open.Push(((int)reader.TokenStartIndex, 0, true));
                    break;
                case JsonTokenType.EndArray:
                    (int start, int count, bool numeric) = open.Pop();
                    if (numeric && count >= MinimumLength)
                    {
                        found.Add((start, (int)reader.TokenStartIndex + 1 - start));
                    }

                    break;
                case JsonTokenType.StartObject:
                    MarkChild(open, numeric: false);
                    open.Push((-1, 0, false));
                    break;
                case JsonTokenType.EndObject:
                    open.Pop();
                    break;
                case JsonTokenType.Number:
                    MarkChild(open, numeric: true);
                    break;
                case JsonTokenType.String:
                    // An escaped spelling ("\u004EaN") keeps the array in the document, where it is read unescaped.
                    MarkChild(open, !reader.ValueIsEscaped && (reader.ValueTextEquals("NaN") || reader.ValueTextEquals("Infinity") || reader.ValueTextEquals("-Infinity")));
                    break;
                case JsonTokenType.PropertyName:
                    break;
                default:
                    MarkChild(open, numeric: false);
                    break;
            }
        }

        return found;
    }

    private static void MarkChild(Stack<(int Start, int Count, bool Numeric)> open, bool numeric)
    {
        if (open.Count > 0)
        {
            (int start, int count, bool isNumeric) = open.Pop();
            open.Push((start, count + 1, isNumeric && numeric));
        }
    }
}
