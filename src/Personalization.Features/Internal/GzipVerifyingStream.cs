using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Personalization.Features.Internal;

/// <summary>
/// Decompresses a gzip file (RFC 1952), one member after another, and verifies what
/// <see cref="GZipStream"/> does not: that every member ends with its trailer, that the trailer's
/// CRC-32 and length match the decompressed bytes, and that nothing but further members follows.
/// </summary>
/// <remarks>
/// Each member's deflate data is inflated by a raw <see cref="DeflateStream"/> that is fed from this
/// class's own buffer, so the end of the deflate data is known to within the last chunk fed; the
/// trailer is the first 8 bytes at or after that point that hold the member's CRC-32 and length
/// (little-endian). A file cut anywhere, including at a deflate flush point where the inflater
/// simply runs out of input, has no such trailer and is reported as truncated. Every failure is an
/// <see cref="InvalidDataException"/> whose message starts with the file name.
/// </remarks>
internal sealed class GzipVerifyingStream : Stream
{
    private const int FeedChunk = 4096;
    private const int Lookback = 32;
    private readonly Stream _raw;
    private readonly string _source;
    private readonly Feeder _feeder;
    private readonly Crc32 _crc = new();
    private byte[] _buffer = new byte[1 << 16];
    private int _pos;
    private int _end;
    private int _lastFeedStart;
    private long _bufferBase;
    private bool _rawDone;
    private DeflateStream? _inflater;
    private long _memberLength;
    private int _members;
    private bool _done;

    public GzipVerifyingStream(Stream raw, string source)
    {
        _raw = raw;
        _source = source;
        _feeder = new Feeder(this);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_done)
        {
            if (_inflater is null && !StartMember())
            {
                _done = true;
                break;
            }

            int n;
            try
            {
                n = _inflater!.Read(buffer);
            }
            catch (InvalidDataException ex)
            {
                throw Corrupt($"gzip member {_members} holds corrupt deflate data ({ex.Message})");
            }

            if (n > 0)
            {
                _crc.Append(buffer[..n]);
                _memberLength += n;
                return n;
            }

            FinishMember();
        }

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
            _inflater?.Dispose();
            _raw.Dispose();
        }

        base.Dispose(disposing);
    }

    private InvalidDataException Corrupt(string what) =>
        new($"{_source}: the gzip file is truncated or corrupt: {what}. Nothing was read from it as complete; check it with 'gzip -t' and copy or download it again.");

    /// <summary>Parses a member header; returns false at the clean end of the file after at least one member.</summary>
    private bool StartMember()
    {
        if (!Ensure(1))
        {
            if (_members == 0)
            {
                throw Corrupt("the file is empty");
            }

            return false;
        }

        long at = _bufferBase + _pos;
        if (!Ensure(10) || _buffer[_pos] != 0x1f || _buffer[_pos + 1] != 0x8b)
        {
            throw _members == 0
                ? new InvalidDataException($"{_source}: the file is not gzip (it does not start with the gzip signature 1f 8b); if it is plain CSV, remove '.gz' from its name.")
                : Corrupt($"{_end - _pos} byte(s) after gzip member {_members} (offset {at}) are not another gzip member");
        }

        if (_buffer[_pos + 2] != 8)
        {
            throw Corrupt($"gzip member {_members + 1} uses compression method {_buffer[_pos + 2]}, not deflate (8)");
        }

        byte flags = _buffer[_pos + 3];
        if ((flags & 0xE0) != 0)
        {
            throw Corrupt($"gzip member {_members + 1} sets reserved header flags (0x{flags:X2})");
        }

        _pos += 10;
        if ((flags & 0x04) != 0)
        {
            Need(2);
            int extra = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(_pos));
            _pos += 2;
            Skip(extra);
        }

        if ((flags & 0x08) != 0)
        {
            SkipZeroTerminated();
        }

        if ((flags & 0x10) != 0)
        {
            SkipZeroTerminated();
        }

        if ((flags & 0x02) != 0)
        {
            Skip(2);
        }

        _members++;
        _crc.Reset();
        _memberLength = 0;
        _lastFeedStart = _pos;
        _inflater = new DeflateStream(_feeder, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    /// <summary>Finds the member's trailer after the deflate data ended (or the input ran out) and checks it.</summary>
    private void FinishMember()
    {
        uint crc = _crc.GetCurrentHashAsUInt32();
        uint length = unchecked((uint)_memberLength);
        Ensure(8);
        int from = Math.Max(0, _lastFeedStart - Lookback);
        int to = _pos;
        for (int p = from; p <= to && p + 8 <= _end; p++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(p)) == crc && BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(p + 4)) == length)
            {
                _pos = p + 8;
                _inflater!.Dispose();
                _inflater = null;
                return;
            }
        }

        throw Corrupt(_rawDone && _pos >= _end - 8
            ? $"the input ends inside gzip member {_members} after {_memberLength:N0} decompressed bytes, before its trailer (CRC-32 and length)"
            : $"gzip member {_members} has no trailer matching its {_memberLength:N0} decompressed bytes (CRC-32 0x{crc:X8}); the data or the trailer is damaged");
    }

    private void SkipZeroTerminated()
    {
        while (true)
        {
            Need(1);
            if (_buffer[_pos++] == 0)
            {
                return;
            }
        }
    }

    private void Skip(int count)
    {
        while (count > 0)
        {
            Need(1);
            int n = Math.Min(count, _end - _pos);
            _pos += n;
            count -= n;
        }
    }

    private void Need(int count)
    {
        if (!Ensure(count))
        {
            throw Corrupt($"the input ends inside the header of gzip member {_members + 1}");
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from <see cref="_pos"/>; false when the file ends first.</summary>
    private bool Ensure(int count)
    {
        while (_end - _pos < count)
        {
            if (_rawDone)
            {
                return false;
            }

            int keep = Math.Max(0, Math.Min(_pos, _lastFeedStart) - Lookback);
            if (keep > 0)
            {
                Buffer.BlockCopy(_buffer, keep, _buffer, 0, _end - keep);
                _end -= keep;
                _pos -= keep;
                _lastFeedStart -= keep;
                _bufferBase += keep;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int n = _raw.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _rawDone = true;
            }

            _end += n;
        }

        return true;
    }

    /// <summary>Serves the raw bytes to the inflater in small chunks, remembering where the last chunk began.</summary>
    private sealed class Feeder(GzipVerifyingStream owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty || !owner.Ensure(1))
            {
                return 0;
            }

            int n = Math.Min(Math.Min(buffer.Length, FeedChunk), owner._end - owner._pos);
            owner._lastFeedStart = owner._pos;
            owner._buffer.AsSpan(owner._pos, n).CopyTo(buffer);
            owner._pos += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
