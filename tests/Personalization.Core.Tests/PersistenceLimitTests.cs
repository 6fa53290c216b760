using System.Text;
using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Core.Tests;

/// <summary>Saved models are size-bounded, read in one buffer of their size, and every number is checked (issue 16, class 6).</summary>
public sealed class PersistenceLimitTests
{
    [Fact]
    public void LoadFromFile_LargerThanMaxModelBytes_ThrowsNamingFileAndLimit()
    {
        string path = Path.GetTempFileName();
        try
        {
            ModelPersistence.SaveToFile(WeightsModel.Of(1000), path);
            long size = new FileInfo(path).Length;

            var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.LoadFromFile<WeightsModel>(path, new ModelLoadOptions { MaxModelBytes = size - 1 }));

            Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
            Assert.Contains("MaxModelBytes", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1000, ModelPersistence.LoadFromFile<WeightsModel>(path, new ModelLoadOptions { MaxModelBytes = size }).Weights.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_NonSeekableStreamOverLimit_Throws()
    {
        byte[] json = Encoding.UTF8.GetBytes(ModelPersistence.ToJson(WeightsModel.Of(5000)));

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.Load<WeightsModel>(new ForwardOnlyStream(json), new ModelLoadOptions { MaxModelBytes = json.Length - 1 }));

        Assert.Contains("larger than the limit", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5000, ModelPersistence.Load<WeightsModel>(new ForwardOnlyStream(json), new ModelLoadOptions { MaxModelBytes = json.Length }).Weights.Length);
    }

    [Fact]
    public void Load_DefaultLimit_Is64MiB()
    {
        Assert.Equal(64L * 1024 * 1024, ModelLoadOptions.DefaultMaxModelBytes);
        Assert.Equal(ModelLoadOptions.DefaultMaxModelBytes, ModelLoadOptions.Default.MaxModelBytes);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(3_000_000_000L)]
    public void Validate_MaxModelBytesOutOfRange_ThrowsArgumentOutOfRange(long max)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ModelPersistence.Load<WeightsModel>(new MemoryStream([]), new ModelLoadOptions { MaxModelBytes = max }));
        Assert.Equal("MaxModelBytes", ex.ParamName);
    }

    [Fact]
    public void Load_Utf8ByteOrderMark_Loads()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ModelPersistence.ToJson(WeightsModel.Of(3)))];

        Assert.Equal(3, ModelPersistence.Load<WeightsModel>(new MemoryStream(json)).Weights.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadFromFile_BigModel_AllocatesAboutTheFileAndTheModel(bool compact)
    {
        // A JsonDocument costs 12 bytes per value plus growth copies: a compact [0,1,0,...] array used to need ~20x its text.
        const int Count = 1_000_000;
        string path = Path.GetTempFileName();
        try
        {
            var weights = new double[Count];
            for (int i = 0; i < Count; i++)
            {
                weights[i] = compact ? i % 2 : Math.Sqrt(i);
            }

            ModelPersistence.SaveToFile(new WeightsModel(weights), path);
            if (compact)
            {
                using JsonDocument indented = JsonDocument.Parse(File.ReadAllBytes(path));
                using FileStream file = File.Create(path);
                using var writer = new Utf8JsonWriter(file);
                indented.WriteTo(writer);
            }

            long size = new FileInfo(path).Length;
            ModelPersistence.LoadFromFile<WeightsModel>(path); // warm up

            long before = GC.GetAllocatedBytesForCurrentThread();
            WeightsModel loaded = ModelPersistence.LoadFromFile<WeightsModel>(path);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(weights, loaded.Weights);
            long budget = size + (2L * sizeof(double) * Count);
            Assert.True(allocated < budget, $"Loading a {size:N0}-byte model allocated {allocated:N0} bytes (budget {budget:N0}).");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_BigArraysNextToSmallOnes_RoundTripsBitIdentically()
    {
        var weights = new double[500];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = i % 7 == 0 ? double.NaN : i % 11 == 0 ? double.NegativeInfinity : (1.0 / (i + 1)) - 0.25;
        }

        string json = ModelPersistence.ToJson(new WeightsModel(weights));

        Assert.Equal(weights, ModelPersistence.FromJson<WeightsModel>(json).Weights);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(32)]
    [InlineData(1000)]
    public void Load_UserModelReadingThroughModelPayload_RoundTripsFloatsAndIntegers(int count)
    {
        var singles = new float[count];
        var counts = new int[count];
        for (int i = 0; i < count; i++)
        {
            singles[i] = i % 9 == 0 ? float.PositiveInfinity : MathF.Sqrt(i) - 3.3f;
            counts[i] = (i * 7919) - 1_000_000;
        }

        foreach (bool indented in new[] { true, false })
        {
            string json = ModelPersistence.ToJson(new SinglesModel(singles, counts));
            if (!indented)
            {
                using JsonDocument document = JsonDocument.Parse(json);
                json = JsonSerializer.Serialize(document.RootElement);
            }

            SinglesModel loaded = ModelPersistence.FromJson<SinglesModel>(json);

            Assert.Equal(singles, loaded.Singles);
            Assert.Equal(counts, loaded.Counts);
        }
    }

    [Fact]
    public void Load_PayloadReadOnAnotherThread_ReadsBigArrays()
    {
        // The compact form of a big array is self-contained (no per-thread load state), so a reader may hand
        // the payload element to other code on another thread.
        WeightsModel model = WeightsModel.Of(100);

        ThreadedWeightsModel loaded = ModelPersistence.FromJson<ThreadedWeightsModel>(
            ModelPersistence.ToJson(model).Replace("\"WeightsModel\"", "\"ThreadedWeightsModel\"", StringComparison.Ordinal));

        Assert.Equal(model.Weights, loaded.Weights);
    }

    [Fact]
    public void ModelPayload_StringOfFewNumbers_ThrowsMustBeAnArray()
    {
        using JsonDocument doc = JsonDocument.Parse("""{"weights":"1,2,3"}""");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPayload.GetDoubleArray(doc.RootElement, "weights"));

        Assert.Contains("\"weights\" must be an array", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BigIntegerArrayHoldingAFraction_ThrowsNamingField()
    {
        string numbers = string.Join(",", Enumerable.Range(0, 40)) + ",1.5";
        string json = """{"format":"Personalization.Model","modelType":"SinglesModel","formatVersion":1,"payload":{"singles":[1],"counts":[""" + numbers + "]}}";

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<SinglesModel>(json));

        Assert.Contains("\"counts\" must hold integers", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"NaN\"", "NaN")]
    [InlineData("\"Infinity\"", "Infinity")]
    [InlineData("\"-Infinity\"", "-Infinity")]
    public void GetFiniteDoubleArray_NonFinite_ThrowsNamingFieldAndIndex(string bad, string shown)
    {
        using JsonDocument doc = JsonDocument.Parse($"{{\"weights\":[1, 2, {bad}]}}");

        var ex = Assert.Throws<InvalidDataException>(() => ModelJson.GetFiniteDoubleArray(doc.RootElement, "weights"));

        Assert.Contains("\"weights\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at index 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains(shown, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFiniteMatrix_NaN_ThrowsNamingRowAndColumn()
    {
        using JsonDocument doc = JsonDocument.Parse("{\"centroids\":{\"rows\":2,\"columns\":2,\"columnNames\":[\"a\",\"b\"],\"rowIds\":null,\"values\":[1,2,3,\"NaN\"]}}");

        var ex = Assert.Throws<InvalidDataException>(() => ModelJson.GetFiniteMatrix<double>(doc.RootElement, "centroids"));

        Assert.Contains("\"centroids\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 1, column 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFiniteMatrix_DoubleTooLargeForFloat_Throws()
    {
        using JsonDocument doc = JsonDocument.Parse("{\"m\":{\"rows\":1,\"columns\":2,\"columnNames\":[\"a\",\"b\"],\"rowIds\":null,\"values\":[1,1e300]}}");

        var ex = Assert.Throws<InvalidDataException>(() => ModelJson.GetFiniteMatrix<float>(doc.RootElement, "m"));

        Assert.Contains("column 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFiniteDouble_NaN_ThrowsNamingField()
    {
        using JsonDocument doc = JsonDocument.Parse("{\"inertia\":\"NaN\"}");

        var ex = Assert.Throws<InvalidDataException>(() => ModelJson.GetFiniteDouble(doc.RootElement, "inertia"));

        Assert.Contains("\"inertia\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCount_Mismatch_ThrowsNamingBothFields()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ModelJson.CheckCount("\"centroids\" rows", 3, "clusterCount", 5));

        Assert.Contains("3 \"centroids\" rows", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"clusterCount\" says 5", ex.Message, StringComparison.Ordinal);
        ModelJson.CheckCount("rows", 4, "count", 4);
    }

    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class WeightsModel(double[] weights) : IPersistableModel<WeightsModel>
    {
        public static string PersistedModelType => "WeightsModel";

        public static int CurrentFormatVersion => 1;

        public static int OldestReadableFormatVersion => 1;

        public string ModelType => PersistedModelType;

        public double[] Weights { get; } = weights;

        public static WeightsModel Of(int count)
        {
            var rng = new Random(1);
            var w = new double[count];
            for (int i = 0; i < count; i++)
            {
                w[i] = rng.NextDouble();
            }

            return new WeightsModel(w);
        }

        public static WeightsModel ReadPayload(JsonElement payload, int formatVersion) => new(ModelPayload.GetDoubleArray(payload, "weights"));

        public void WritePayload(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            ModelJson.WriteArray<double>(writer, "weights", Weights);
            writer.WriteEndObject();
        }
    }

    /// <summary>A user model written and read with the public API only (System.Text.Json and <see cref="ModelPayload"/>).</summary>
    private sealed class SinglesModel(float[] singles, int[] counts) : IPersistableModel<SinglesModel>
    {
        public static string PersistedModelType => "SinglesModel";

        public static int CurrentFormatVersion => 1;

        public static int OldestReadableFormatVersion => 1;

        public string ModelType => PersistedModelType;

        public float[] Singles { get; } = singles;

        public int[] Counts { get; } = counts;

        public static SinglesModel ReadPayload(JsonElement payload, int formatVersion) =>
            new(ModelPayload.GetSingleArray(payload, "singles"), ModelPayload.GetInt32Array(payload, "counts"));

        public void WritePayload(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("singles");
            foreach (float f in Singles)
            {
                if (float.IsFinite(f))
                {
                    writer.WriteNumberValue(f);
                }
                else
                {
                    writer.WriteStringValue(f.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            writer.WriteEndArray();
            writer.WriteStartArray("counts");
            foreach (int c in Counts)
            {
                writer.WriteNumberValue(c);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>Reads its payload's big array on a thread-pool thread.</summary>
    private sealed class ThreadedWeightsModel(double[] weights) : IPersistableModel<ThreadedWeightsModel>
    {
        public static string PersistedModelType => "ThreadedWeightsModel";

        public static int CurrentFormatVersion => 1;

        public static int OldestReadableFormatVersion => 1;

        public string ModelType => PersistedModelType;

        public double[] Weights { get; } = weights;

        public static ThreadedWeightsModel ReadPayload(JsonElement payload, int formatVersion) =>
            new(Task.Run(() => ModelPayload.GetDoubleArray(payload, "weights")).GetAwaiter().GetResult());

        public void WritePayload(Utf8JsonWriter writer) => throw new NotSupportedException("Only read in these tests.");
    }
}
