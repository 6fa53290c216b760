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
