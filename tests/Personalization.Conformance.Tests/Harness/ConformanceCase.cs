using System.Globalization;
using System.Text.Json;
using Xunit.Sdk;

namespace Personalization.Conformance.Tests.Harness;

/// <summary>One reference case file: kind, tolerance, input and expected output.</summary>
public sealed class ConformanceCase
{
    private ConformanceCase(string fullPath, string relativePath, JsonElement root)
    {
        FullPath = fullPath;
        RelativePath = relativePath;
        Kind = RequireString(root, "kind");
        Reference = root.TryGetProperty("reference", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : string.Empty;
        Note = root.TryGetProperty("note", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
        JsonElement tolerance = Require(root, "tolerance");
        Relative = tolerance.TryGetProperty("rel", out JsonElement rel) ? rel.GetDouble() : 0;
        Absolute = tolerance.TryGetProperty("abs", out JsonElement abs) ? abs.GetDouble() : 0;
        Tolerance = tolerance.Clone();
        Input = Require(root, "input").Clone();
        Expected = Require(root, "expected").Clone();
    }

    /// <summary>Gets the absolute path of the file.</summary>
    public string FullPath { get; }

    /// <summary>Gets the path relative to the conformance directory (shown in test names).</summary>
    public string RelativePath { get; }

    /// <summary>Gets the case kind, which selects the checker.</summary>
    public string Kind { get; }

    /// <summary>Gets the reference library that produced the answer.</summary>
    public string Reference { get; }

    /// <summary>Gets the note describing the exact definition checked.</summary>
    public string Note { get; }

    /// <summary>Gets the relative tolerance.</summary>
    public double Relative { get; init; }

    /// <summary>Gets the absolute tolerance.</summary>
    public double Absolute { get; init; }

    /// <summary>Gets the whole tolerance object (some kinds carry extra fields such as <c>inertia_rel_over</c>).</summary>
    public JsonElement Tolerance { get; }

    /// <summary>Gets the input object.</summary>
    public JsonElement Input { get; }

    /// <summary>Gets the expected-output object.</summary>
    public JsonElement Expected { get; }

    /// <summary>Loads a case file.</summary>
    public static ConformanceCase Load(string fullPath, string root)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(fullPath));
        return new ConformanceCase(fullPath, Path.GetRelativePath(root, fullPath).Replace('\\', '/'), document.RootElement);
    }

    /// <summary>Parses a case from JSON text (used by the harness's own tests).</summary>
    public static ConformanceCase Parse(string json, string name)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return new ConformanceCase(name, name, document.RootElement);
    }

    /// <summary>Returns whether a number passes: |actual - expected| &lt;= abs + rel * |expected|.</summary>
    public bool IsClose(double actual, double expected)
    {
        if (double.IsNaN(expected))
        {
            return double.IsNaN(actual);
        }

        if (double.IsInfinity(expected))
        {
            return actual == expected;
        }

        return Math.Abs(actual - expected) <= Absolute + (Relative * Math.Abs(expected));
    }

    /// <summary>Asserts one number is within tolerance.</summary>
    public void AssertClose(string what, double actual, double expected)
    {
        if (!IsClose(actual, expected))
        {
            throw Fail($"{what}: expected {Format(expected)} but got {Format(actual)} (difference {Format(Math.Abs(actual - expected))}, allowed {Format(Absolute + (Relative * Math.Abs(expected)))}).");
        }
    }

    /// <summary>Asserts one number is within tolerance of a JSON number.</summary>
    public void AssertClose(string what, double actual, JsonElement expected) => AssertClose(what, actual, Number(expected));

    /// <summary>Asserts a vector is within tolerance of a JSON array of numbers.</summary>
    public void AssertClose(string what, ReadOnlySpan<double> actual, JsonElement expected)
    {
        double[] e = Vector(expected);
        if (actual.Length != e.Length)
        {
            throw Fail($"{what}: expected {e.Length} values but got {actual.Length}.");
        }

        for (int i = 0; i < e.Length; i++)
        {
            AssertClose($"{what}[{i}]", actual[i], e[i]);
        }
    }

    /// <summary>Asserts a row-major matrix is within tolerance of a JSON array of rows.</summary>
    public void AssertClose(string what, ReadOnlySpan<double> actual, int columns, JsonElement expectedRows)
    {
        double[][] e = Matrix(expectedRows);
        if (actual.Length != e.Length * columns || (e.Length > 0 && e[0].Length != columns))
        {
            throw Fail($"{what}: expected a {e.Length} x {(e.Length > 0 ? e[0].Length : 0)} matrix but got {actual.Length} values with {columns} columns.");
        }

        for (int r = 0; r < e.Length; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                AssertClose($"{what}[{r},{c}]", actual[(r * columns) + c], e[r][c]);
            }
        }
    }

    /// <summary>Asserts integer values match exactly.</summary>
    public void AssertEqual(string what, ReadOnlySpan<int> actual, JsonElement expected)
    {
        int[] e = IntVector(expected);
        if (actual.Length != e.Length)
        {
            throw Fail($"{what}: expected {e.Length} values but got {actual.Length}.");
        }

        for (int i = 0; i < e.Length; i++)
        {
            if (actual[i] != e[i])
            {
                throw Fail($"{what}[{i}]: expected {e[i]} but got {actual[i]}.");
            }
        }
    }

    /// <summary>Asserts two labelings describe the same partition (equal up to renaming of labels).</summary>
    public void AssertSamePartition(string what, ReadOnlySpan<int> actual, ReadOnlySpan<int> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw Fail($"{what}: expected {expected.Length} labels but got {actual.Length}.");
        }

        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (int i = 0; i < actual.Length; i++)
        {
            if ((forward.TryGetValue(actual[i], out int f) && f != expected[i])
                || (backward.TryGetValue(expected[i], out int b) && b != actual[i]))
            {
                throw Fail($"{what}: the partitions differ at sample {i} (label {actual[i]} here, {expected[i]} in the reference) even allowing label renaming.");
            }

            forward[actual[i]] = expected[i];
            backward[expected[i]] = actual[i];
        }
    }

    /// <summary>Builds a failure that names the file.</summary>
    public XunitException Fail(string message) => new($"{RelativePath} ({Kind}): {message}");

    /// <summary>Gets a required property of <paramref name="element"/>.</summary>
    public static JsonElement Require(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new XunitException($"The case has no field \"{name}\".");

    /// <summary>Reads a number; null and the strings "NaN"/"Infinity"/"-Infinity" are accepted.</summary>
    public static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.Null => double.NaN,
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String => double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new XunitException($"Expected a number but found {e.ValueKind}."),
    };

    /// <summary>Reads an array of numbers.</summary>
    public static double[] Vector(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();

    /// <summary>Reads an array of integers (booleans read as 0/1).</summary>
    public static int[] IntVector(JsonElement e) => e.EnumerateArray().Select(x => checked((int)Number(x))).ToArray();

    /// <summary>Reads an array of rows.</summary>
    public static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(Vector).ToArray();

    /// <summary>Reads an array of rows into a <see cref="FeatureMatrix{T}"/>.</summary>
    public static FeatureMatrix<double> FeatureMatrix(JsonElement e) => FeatureMatrix<double>.FromRows(Matrix(e));

    private static string RequireString(JsonElement root, string name)
    {
        JsonElement value = Require(root, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new XunitException($"The case field \"{name}\" must be a string.");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
