using System.IO.Compression;
using System.Text;

namespace Personalization.Features.Tests;

/// <summary>Class 1 of issue 16: a truncated or corrupt .csv.gz is an error naming the file, never a shorter file.</summary>
public sealed class GzipIntegrityTests : IDisposable
{
    private const string Header = "customer_id,order_id,timestamp,quantity,unit_price\n";
    private readonly string _folder = Directory.CreateTempSubdirectory("gzip-integrity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_CutAtDeflateFlushPoint_ThrowsNamingFile()
    {
        // GZipStream.Flush writes a sync flush point: the inflater then stops cleanly with no error of its own.
        (byte[] bytes, long cut) = Compress(20_000, flushAfterRow: 10_000);
        string path = Write("cut.csv.gz", bytes.AsSpan(0, (int)cut).ToArray());

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(100)]
    public void Read_TailCut_ThrowsNamingFile(int dropped)
    {
        (byte[] bytes, _) = Compress(2_000, flushAfterRow: -1);
        string path = Write("tail.csv.gz", bytes[..^dropped]);

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(5)]
    public void Read_BadTrailer_ThrowsNamingFile(int fromEnd)
    {
        (byte[] bytes, _) = Compress(500, flushAfterRow: -1);
        bytes[^fromEnd] ^= 0x55;
        string path = Write("crc.csv.gz", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptDeflateData_ThrowsNamingFile()
    {
        (byte[] bytes, _) = Compress(5_000, flushAfterRow: -1);
        for (int i = 40; i < 60; i++)
        {
            bytes[i] = 0xFF;
        }

        string path = Write("data.csv.gz", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotGzip_ThrowsNamingFile()
    {
        string path = Write("plain.csv.gz", Encoding.UTF8.GetBytes(Header + "c1,o1,2024-01-02,1,1\n"));

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not gzip", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingGarbage_ThrowsNamingFile()
    {
        (byte[] bytes, _) = Compress(100, flushAfterRow: -1);
        string path = Write("garbage.csv.gz", [.. bytes, .. "junk"u8]);

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BytesBetweenDeflateEndAndTrailer_ThrowsNamingFile()
    {
        // Fuzz finding (gzip target, crash-9ec5f673): eight stray bytes after the deflate data, then the right
        // CRC-32 and length. An earlier version searched for the trailer near the end of the data and accepted it.
        (byte[] bytes, _) = Compress(50, flushAfterRow: -1);
        string path = Write("stray.csv.gz", [.. bytes[..^8], 0x10, 0x01, 0, 0, 0, 0, 0, 0, .. bytes[^8..]]);

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoMembers_ReadsEveryRow()
    {
        byte[] first = Gzip(Header + string.Concat(Enumerable.Range(0, 3_000).Select(Row)));
        byte[] second = Gzip(string.Concat(Enumerable.Range(3_000, 2_000).Select(Row)));
        string path = Write("members.csv.gz", [.. first, .. second]);

        CsvLoadResult<Transaction> result = TransactionCsvReader.ReadAll(path);

        Assert.Equal(5_000, result.Records.Count);
        Assert.Equal("c4999", result.Records[^1].CustomerId);
        Assert.Equal(0L, result.Report.RejectedCount);
    }

    [Fact]
    public void Read_EveryPrefixOfSmallFile_ThrowsOrIsWhole()
    {
        (byte[] bytes, _) = Compress(50, flushAfterRow: 25);
        for (int length = 0; length < bytes.Length; length++)
        {
            string path = Write("prefix.csv.gz", bytes[..length]);
            Assert.Throws<InvalidDataException>(() => TransactionCsvReader.ReadAll(path));
        }

        Assert.Equal(50, TransactionCsvReader.ReadAll(Write("whole.csv.gz", bytes)).Records.Count);
    }

    private static string Row(int i) => $"c{i},o{i},2024-01-02 10:00:00,{(i % 7) + 1},{i % 13}.25\n";

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        return memory.ToArray();
    }

    /// <summary>Compresses <paramref name="rows"/> rows; returns the bytes and the compressed length at the flush after row <paramref name="flushAfterRow"/>.</summary>
    private static (byte[] Bytes, long FlushPoint) Compress(int rows, int flushAfterRow)
    {
        using var memory = new MemoryStream();
        long flushPoint = -1;
        using (var gz = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(Header));
            for (int i = 0; i < rows; i++)
            {
                gz.Write(Encoding.UTF8.GetBytes(Row(i)));
                if (i == flushAfterRow)
                {
                    gz.Flush();
                    flushPoint = memory.Length;
                }
            }
        }

        return (memory.ToArray(), flushPoint);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
