using System.Text.Json;

namespace Personalization.Samples.Tests;

/// <summary>Temporary output folders and small slices of the real data under ../shared/data.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "psamples-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public static class Outputs
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static string SharedData(string name) => SamplePaths.SharedData(name);

    /// <summary>Writes the header and the first <paramref name="rows"/> rows of the Online Retail file (about a month per 40,000 rows).</summary>
    public static string OnlineRetailSlice(string folder, int rows)
    {
        string path = System.IO.Path.Combine(folder, "online_retail_slice.csv");
        using var source = new System.IO.Compression.GZipStream(File.OpenRead(SharedData("online_retail.csv.gz")), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(source);
        using var writer = new StreamWriter(path);
        for (int i = 0; i <= rows && reader.ReadLine() is { } line; i++)
        {
            writer.WriteLine(line);
        }

        return path;
    }

    public static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"{path} is only {bytes.Length} bytes.");
        Assert.Equal(s_pngSignature, bytes[..8]);
    }

    public static string[][] ReadCsv(string path) =>
        File.ReadAllLines(path).Select(CsvText.Split).ToArray();

    public static JsonElement ReadJson(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
