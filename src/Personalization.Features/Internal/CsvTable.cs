using System.Globalization;
using System.Text.Unicode;
using CsvHelper;

namespace Personalization.Features.Internal;

/// <summary>
/// A CsvHelper reader with the bookkeeping the loaders share: header lookup, line numbers, rejections,
/// strict UTF-8, verified gzip, one instant model and a field count that must match the header.
/// </summary>
internal sealed class CsvTable : IDisposable, IAsyncDisposable
{
    private readonly CsvHelper.CsvReader _reader;
    private readonly CsvReadReport _report;
    private readonly CsvReadOptions _options;
    private readonly bool _strictUtf8;
    private int _headerCount = -1;

    private CsvTable(CsvHelper.CsvReader reader, string source, CsvReadReport report, CsvReadOptions options)
    {
        _reader = reader;
        Source = source;
        _report = report;
        _options = options;
        _strictUtf8 = options.Encoding is null || options.Encoding.CodePage == System.Text.Encoding.UTF8.CodePage;
        report.AddSource(source);
    }

    public string Source { get; }

    public long Line => _reader.LineNumber;

    public CsvReadReport Report => _report;

    public CsvReadOptions Options => _options;

    public int FieldCount => _reader.FieldCount;

    public IReadOnlyList<string> Headers => _reader.Headers;

    /// <summary>Opens a file; a name ending in <c>.gz</c> is decompressed and verified member by member.</summary>
    public static CsvTable Open(string path, CsvReadReport report, CsvReadOptions options)
    {
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GzipVerifyingStream(() => File.OpenRead(path), path)
            : File.OpenRead(path);
        try
        {
            return Open(stream, path, leaveOpen: false, report, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static CsvTable Open(Stream stream, string source, bool leaveOpen, CsvReadReport report, CsvReadOptions options)
    {
        CsvTable? table = null;
        var readerOptions = new CsvReaderOptions
        {
            Separator = options.DetectSeparator ? null : options.Separator,
            Encoding = options.Encoding,
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            PoolStrings = true,
            FormatProvider = CultureInfo.InvariantCulture,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = record => table?.RejectMalformed(record),
        };
        var reader = CsvHelper.CsvReader.Create(stream, readerOptions, leaveOpen);
        table = new CsvTable(reader, source, report, options);
        return table;
    }

    /// <summary>Finds a column, or returns -1 when <paramref name="name"/> is null or absent.</summary>
    public int Optional(string? name) =>
        name is not null && _reader.TryGetFieldIndex(name, out int index) ? index : -1;

    /// <summary>Finds a required column or throws naming the file and the columns it has.</summary>
    public int Required(string name, string what)
    {
        if (_reader.Headers.Count == 0)
        {
            throw new InvalidDataException($"{Source}:1: the file is empty; expected a header row with the column '{name}' ({what}).");
        }

        if (!_reader.TryGetFieldIndex(name, out int index))
        {
            string separator = _reader.Headers.Count == 1 && _reader.Headers[0].IndexOfAny([';', '\t', '|']) >= 0
                ? $" The header reads as one column, so the file may use another separator: set it (CsvReadOptions.Separator, --delimiter) or detect it (CsvReadOptions.DetectSeparator)."
                : string.Empty;
            throw new InvalidDataException(
                $"{Source}:1: the header has no column '{name}' ({what}). Its columns are: {string.Join(", ", _reader.Headers)}. Set the mapping to the name this file uses.{separator}");
        }

        return index;
    }

    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }

        CheckRecord();
        return true;
    }

    public void ReadHeader()
    {
        _reader.ReadHeader();
        CheckHeader();
    }

    public async ValueTask ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await _reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        CheckHeader();
    }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        CheckRecord();
        return true;
    }

    public string Header(int column) => _reader.Headers[column];

    public bool IsEmpty(int column) => _reader.IsEmpty(column);

    public string GetString(int column) => _reader.GetString(column);

    public string? GetStringOrNull(int column)
    {
        if (column < 0 || _reader.IsEmpty(column))
        {
            return null;
        }

        return _reader.GetString(column);
    }

    // NumberStyles.Float without thousands separators: "3,5" is rejected, never read as 35.
    public bool TryDouble(int column, out double value) =>
        double.TryParse(_reader.GetSpan(column), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public bool TryBoolean(int column, out bool value) => _reader.TryParse(column, out value);

    /// <summary>Reads an instant; returns null on success, else the reason to reject the row with.</summary>
    public string? ReadInstant(int column, InstantParser parser, string what, out DateTime value)
    {
        value = default;
        if (_reader.IsEmpty(column))
        {
            return $"The {what} is missing; write it in {parser.Description}.";
        }

        switch (parser.Parse(_reader.GetSpan(column), out value))
        {
            case InstantParser.Outcome.NotADate:
                return $"The {what} does not match {parser.Description}; one format is used for the whole file (set another with CsvReadOptions.DateFormat or --date-format).";
            case InstantParser.Outcome.SkippedByClockChange:
                return $"The {what} is a wall-clock time that does not exist in {_options.TimeZone.Id} (the clocks skipped it); write it with an offset or correct it.";
        }

        if (value < _options.EarliestDate || value >= _options.LatestDate)
        {
            return $"The {what} is outside the accepted range {_options.EarliestDate:yyyy-MM-dd} to {_options.LatestDate:yyyy-MM-dd} (placeholder dates such as 0001-01-01 are not real dates); correct it or widen CsvReadOptions.EarliestDate/LatestDate.";
        }

        return null;
    }

    public void Reject(int column, string reason, bool withValue = true)
    {
        string? value = withValue && column >= 0 ? _reader.GetString(column) : null;
        _report.Reject(new RejectedRow(Source, Line, column >= 0 ? _reader.Headers[column] : "(record)", reason, value), _options.MaxRejectedRowsKept);
    }

    public InvalidDataException Fail(int column, string reason) =>
        new($"{Source}:{Line}: column '{_reader.Headers[column]}': {reason}");

    public void Dispose() => _reader.Dispose();

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private void CheckHeader()
    {
        IReadOnlyList<string> headers = _reader.Headers;
        _headerCount = headers.Count;
        for (int i = 0; i < headers.Count; i++)
        {
            int bad = headers[i].IndexOf('\uFFFD', StringComparison.Ordinal);
            if (_strictUtf8 && bad >= 0)
            {
                throw i == 0 && headers[0].StartsWith('\u001f')
                    ? new InvalidDataException($"{Source}:1: the file looks gzip-compressed (it starts with the gzip signature 1f 8b); name it '.gz' so that it is decompressed.")
                    : NotUtf8(1, i, $"character {bad + 1} of the header name");
            }
        }
    }

    private void CheckRecord()
    {
        if (!_strictUtf8)
        {
            return;
        }

        int count = _reader.FieldCount;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> raw = _reader.GetRawSpan(i);
            if (!Utf8.IsValid(raw))
            {
                int offset = FirstInvalidByte(raw);
                string where = offset < raw.Length ? $"byte {offset + 1} (0x{raw[offset]:X2}) of the field" : "the end of the field";
                throw NotUtf8(Line, i, where);
            }
        }
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> raw)
    {
        Span<char> scratch = stackalloc char[256];
        int offset = 0;
        while (true)
        {
            System.Buffers.OperationStatus status = Utf8.ToUtf16(raw[offset..], scratch, out int read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall)
            {
                return offset;
            }
        }
    }

    private InvalidDataException NotUtf8(long line, int column, string where)
    {
        string name = column < _reader.Headers.Count ? $"'{_reader.Headers[column]}'" : "(beyond the header)";
        return new InvalidDataException(
            $"{Source}:{line}: column {column + 1} {name}: {where} is not valid UTF-8. The file is in another encoding; read it with that encoding (CsvReadOptions.Encoding, --encoding latin1 or windows-1252) instead of letting the bytes be replaced.");
    }

    private void RejectMalformed(CsvMalformedRecord record)
    {
        if (!record.Skipped)
        {
            return;
        }

        string reason = record.Reason == CsvMalformedReason.FieldCountMismatch
            ? $"The record has a different number of fields than the header ({(_headerCount >= 0 ? _headerCount : _reader.Headers.Count)}); quote fields that contain the separator and remove extra fields."
            : $"The record has malformed quoting ({record.Reason}); quote fields that contain the separator and double embedded quotes.";
        _report.CountRead();
        _report.Reject(new RejectedRow(Source, record.LineNumber, "(record)", reason, record.RawRecord), _options.MaxRejectedRowsKept);
    }
}
