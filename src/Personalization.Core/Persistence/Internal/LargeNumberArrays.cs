using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Personalization.Persistence.Internal;

/// <summary>
/// Keeps big number arrays out of the <see cref="JsonDocument"/>: a streaming pass finds every array of at
/// least <see cref="MinimumLength"/> numbers (or "NaN"/"Infinity"/"-Infinity" strings), the document is
/// parsed from a copy in which each such array is a short placeholder string, and the <see cref="ModelJson"/>
/// array readers parse the original bytes of the array straight into the typed result.
/// </summary>
/// <remarks>
/// A <see cref="JsonDocument"/> spends 12 bytes of metadata per value (plus growth copies), so a compact
/// array such as <c>[0,1,0,...]</c> costs about 20 times its text; this way a load needs the file bytes,
/// a small document and the model's own arrays. The context is per thread and set only while
/// <see cref="ModelPersistence"/> runs a model's <c>ReadPayload</c>.
/// </remarks>
internal sealed class LargeNumberArrays
{
    /// <summary>Arrays shorter than this stay in the document.</summary>
    public const int MinimumLength = 32;

    private const string Marker = "\u0001PersonalizationArray:";

    [ThreadStatic]
    private static LargeNumberArrays? t_current;

    private readonly ReadOnlyMemory<byte> _source;
    private readonly List<(int Start, int Length, int Count)> _arrays;

    private LargeNumberArrays(ReadOnlyMemory<byte> source, List<(int Start, int Length, int Count)> arrays)
    {
        _source = source;
        _arrays = arrays;
    }

    /// <summary>Parses <paramref name="utf8"/> into a document without its big number arrays, and the arrays' context.</summary>
    /// <exception cref="JsonException">The JSON is malformed.</exception>
    public static (JsonDocument Document, LargeNumberArrays Arrays) Parse(ReadOnlyMemory<byte> utf8)
    {
        List<(int Start, int Length, int Count)> arrays = Find(utf8.Span);
        if (arrays.Count == 0)
        {
            return (JsonDocument.Parse(utf8), new LargeNumberArrays(utf8, arrays));
        }

        var reduced = new ArrayBufferWriter<byte>(Math.Max(256, utf8.Length / 16));
        int position = 0;
        for (int i = 0; i < arrays.Count; i++)
        {
            (int start, int length, _) = arrays[i];
            reduced.Write(utf8.Span[position..start]);
            reduced.Write(Encoding.UTF8.GetBytes("\"\\u0001PersonalizationArray:" + i.ToString(CultureInfo.InvariantCulture) + "\""));
            position = start + length;
        }

        reduced.Write(utf8.Span[position..]);
        return (JsonDocument.Parse(reduced.WrittenMemory), new LargeNumberArrays(utf8, arrays));
    }

    /// <summary>Makes <paramref name="arrays"/> the context of this thread until the returned scope is disposed.</summary>
    public static Scope Enter(LargeNumberArrays arrays)
    {
        LargeNumberArrays? previous = t_current;
        t_current = arrays;
        return new Scope(previous);
    }

    /// <summary>Returns the original bytes and element count of <paramref name="element"/> when it is a placeholder of the current load.</summary>
    public static bool TryGet(JsonElement element, string name, out ReadOnlyMemory<byte> array, out int count)
    {
        array = default;
        count = 0;
        if (element.ValueKind != JsonValueKind.String || t_current is not { } current)
        {
            return false;
        }

        string text = element.GetString()!;
        if (!text.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(Marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= current._arrays.Count)
        {
            throw new InvalidDataException($"The saved model field \"{name}\" must be an array.");
        }

        (int start, int length, count) = current._arrays[index];
        array = current._source.Slice(start, length);
        return true;
    }

    /// <summary>Reads each element of a placeholder array with <paramref name="read"/>.</summary>
    public static T[] Read<T>(ReadOnlyMemory<byte> array, int count, string name, ElementReader<T> read)
    {
        var result = new T[count];
        var reader = new Utf8JsonReader(array.Span);
        reader.Read(); // [
        for (int i = 0; i < count; i++)
        {
            reader.Read();
            result[i] = read(ref reader, name);
        }

        return result;
    }

    /// <summary>Reads one element of a number array.</summary>
    public delegate T ElementReader<T>(ref Utf8JsonReader reader, string name);

    /// <summary>Reads a double element: a number, or the strings NaN, Infinity, -Infinity.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double d))
        {
            return d;
        }

        return reader.TokenType == JsonTokenType.String && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
            ? s
            : throw new InvalidDataException($"The saved model field \"{name}\" must hold numbers.");
    }

    /// <summary>Reads a float element exactly as written (a number is parsed as float, not through double).</summary>
    public static float ReadSingle(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out float f) ? f : (float)ReadDouble(ref reader, name);

    /// <summary>Reads an integer element.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int v)
            ? v
            : throw new InvalidDataException($"The saved model field \"{name}\" must hold integers.");

    /// <summary>One streaming pass: the byte range and length of every array of at least <see cref="MinimumLength"/> numbers.</summary>
    private static List<(int Start, int Length, int Count)> Find(ReadOnlySpan<byte> utf8)
    {
        var found = new List<(int Start, int Length, int Count)>();
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
                        found.Add((start, (int)reader.TokenStartIndex + 1 - start, count));
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
                    MarkChild(open, reader.ValueTextEquals("NaN") || reader.ValueTextEquals("Infinity") || reader.ValueTextEquals("-Infinity"));
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

    /// <summary>Restores the previous context.</summary>
    public readonly struct Scope(LargeNumberArrays? previous) : IDisposable
    {
        /// <summary>Restores the previous context.</summary>
        public void Dispose() => t_current = previous;
    }
}
