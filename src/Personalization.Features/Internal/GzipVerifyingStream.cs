using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Personalization.Features.Internal;

/// <summary>
/// Decompresses a gzip file (RFC 1952, any number of members) and turns every way it can be damaged into an
/// <see cref="InvalidDataException"/> whose message starts with the file name.
/// </summary>
/// <remarks>
/// <para><see cref="GZipStream"/> (zlib) checks the header, the deflate data and the trailer (CRC-32 and length)
/// of every member it finishes, at the exact position where each member ends. What it does not report is a file
/// that ends inside a member, such as one cut at a deflate flush point: it returns end of stream as if the file
/// were complete. Only the last member can be cut, so at the end this class checks that the file's last 8 bytes
/// are the trailer of the last member: the CRC-32 and length (mod 2^32) of the last <c>length</c> decompressed
/// bytes. For a one-member file that is the CRC-32 of everything decompressed, computed while reading; for a
/// file of several members, the file is decompressed a second time to hash the last member's bytes.</para>
/// <para>A last member of 4 GiB or more is taken to be the whole remainder of the file's length modulo 2^32.</para>
/// </remarks>
internal sealed class GzipVerifyingStream : Stream
{
    private readonly Func<Stream> _open;
    private readonly string _source;
    private readonly TailStream _raw;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _verified;

    /// <summary>Creates the stream.</summary>
    /// <param name="open">Opens the compressed bytes from their start; called once, or twice for a file of several members.</param>
    /// <param name="source">The file name to start messages with.</param>
    public GzipVerifyingStream(Func<Stream> open, string source)
    {
        _open = open;
        _source = source;
        _raw = new TailStream(open());
        _gzip = new GZipStream(_raw, CompressionMode.Decompress, leaveOpen: false);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _verified)
        {
            return 0;
        }

        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw _raw.Count < 2 || _raw.First0 != 0x1f || _raw.First1 != 0x8b
                ? NotGzip()
                : Corrupt($"the compressed data is damaged ({ex.Message})");
        }

        if (n > 0)
        {
            _crc.Append(buffer[..n]);
            _length += n;
            return n;
        }

        VerifyEnd();
        _verified = true;
        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private InvalidDataException Corrupt(string what) =>
        new($"{_source}: the gzip file is truncated or corrupt: {what}. Check it with 'gzip -t' and copy or download it again.");

    private InvalidDataException NotGzip() =>
        new($"{_source}: the file is not gzip (it does not start with the gzip signature 1f 8b); if it is plain CSV, remove '.gz' from its name.");

    private void VerifyEnd()
    {
        if (_raw.Count == 0)
        {
            throw Corrupt("the file is empty");
        }

        if (_raw.First0 != 0x1f || (_raw.Count > 1 && _raw.First1 != 0x8b))
        {
            throw NotGzip();
        }

        if (_raw.Count < 18)
        {
            throw Corrupt($"the file has {_raw.Count} byte(s), fewer than the smallest gzip member");
        }

        ReadOnlySpan<byte> tail = _raw.Tail;
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        long before = (_length - size) & 0xFFFF_FFFFL;
        if (before > _length)
        {
            throw Truncated();
        }

        uint actual = before == 0 ? _crc.GetCurrentHashAsUInt32() : SuffixCrc(before);
        if (actual != crc)
        {
            throw Truncated();
        }
    }

    private InvalidDataException Truncated() =>
        Corrupt($"the input ends inside a gzip member after {_length:N0} decompressed bytes, before its trailer (CRC-32 and length)");

    /// <summary>Decompresses the file again and returns the CRC-32 of the bytes after the first <paramref name="skip"/>.</summary>
    private uint SuffixCrc(long skip)
    {
        var crc = new Crc32();
        byte[] buffer = new byte[1 << 16];
        using var gzip = new GZipStream(_open(), CompressionMode.Decompress, leaveOpen: false);
        long position = 0;
        int n;
        while ((n = gzip.Read(buffer)) > 0)
        {
            int from = (int)Math.Clamp(skip - position, 0, n);
            crc.Append(buffer.AsSpan(from, n - from));
            position += n;
        }

        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>Passes reads through and remembers the first two and the last eight bytes read.</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private readonly byte[] _tail = new byte[8];

        public long Count { get; private set; }

        public byte First0 { get; private set; }

        public byte First1 { get; private set; }

        public ReadOnlySpan<byte> Tail => _tail;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            ReadOnlySpan<byte> read = buffer[..n];
            for (int i = 0; i < read.Length && Count + i < 2; i++)
            {
                if (Count + i == 0)
                {
                    First0 = read[i];
                }
                else
                {
                    First1 = read[i];
                }
            }

            if (n >= 8)
            {
                read[^8..].CopyTo(_tail);
            }
            else if (n > 0)
            {
                _tail.AsSpan(n).CopyTo(_tail);
                read.CopyTo(_tail.AsSpan(8 - n));
            }

            Count += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
