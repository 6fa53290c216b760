using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Extensions.DependencyInjection.Tests;

/// <summary>Stand-ins for an algorithm package: the DI package must work for any options record and model.</summary>
public sealed record FakeOptions
{
    public int ClusterCount { get; init; } = 3;

    public int Seed { get; init; } = 42;
}

/// <summary>An estimator that checks its options when constructed.</summary>
public sealed class CheckingEstimator
{
    public CheckingEstimator(FakeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ClusterCount, 1, "ClusterCount");
        Options = options;
    }

    public FakeOptions Options { get; }
}

/// <summary>An estimator that checks its options only in Fit (the house style).</summary>
public sealed class LazyEstimator(FakeOptions options)
{
    public FakeOptions Options { get; } = options;
}

public sealed class FakeModel(double[] weights) : IPersistableModel<FakeModel>
{
    public static string PersistedModelType => "FakeModel";

    public static int CurrentFormatVersion => 1;

    public static int OldestReadableFormatVersion => 1;

    public string ModelType => PersistedModelType;

    public IReadOnlyList<double> Weights { get; } = weights;

    public static FakeModel ReadPayload(JsonElement payload, int formatVersion) => new(ModelJson.GetDoubleArray(payload, "weights"));

    public void WritePayload(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("weights");
        foreach (double w in Weights)
        {
            writer.WriteNumberValue(w);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

public sealed class OtherModel : IPersistableModel<OtherModel>
{
    public static string PersistedModelType => "OtherModel";

    public static int CurrentFormatVersion => 1;

    public static int OldestReadableFormatVersion => 1;

    public string ModelType => PersistedModelType;

    public static OtherModel ReadPayload(JsonElement payload, int formatVersion) => new();

    public void WritePayload(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pdi-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
