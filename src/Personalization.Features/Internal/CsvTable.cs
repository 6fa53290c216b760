using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace Personalization.Features.Internal;

/// <summary>A CsvHelper reader with the bookkeeping the loaders share: header lookup, line numbers, rejections.</summary>
internal sealed class CsvTable : IDisposable, IAsyncDisposable
{
    private readonly CsvHelper.CsvReader _reader;
    private readonly CsvReadReport _report;
    private readonly CsvReadOptions _options;
    private readonly char[] _chars = new char[256];
    private byte[] _lastDateBytes = [];
    private DateTime _lastDate;

    private CsvTable(CsvHelper.CsvReader reader, string source, CsvReadReport report, CsvReadOptions options)
    {
        _reader = reader;
        Source = source;
        _report = report;
        _options = options;
        report.AddSource(source);
    }

    public string Source { get; }

    public long Line => _reader.LineNumber;

    public CsvReadReport Report => _report;

    public CsvReadOptions Options => _options;

    public static CsvTable Open(string path, CsvReadReport report, CsvReadOptions options)
    {
        Stream stream = File.OpenRead(path);
        try
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                stream = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false);
            }

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
            Separator = options.Separator,
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            PoolStrings = true,
            FormatProvider = CultureInfo.InvariantCulture,
            MalformedData = CsvMalformedDataHandling.Skip,
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
        if (!_reader.TryGetFieldIndex(name, out int index))
        {
            throw new InvalidDataException(
                $"{Source}: the header has no column '{name}' ({what}). Its columns are: {string.Join(", ", _reader.Headers)}. Set the mapping to the name this file uses.");
        }

        return index;
    }

    public bool Read() => _reader.Read();

    public void ReadHeader() => _reader.ReadHeader();

    public ValueTask ReadHeaderAsync(CancellationToken cancellationToken) => _reader.ReadHeaderAsync(cancellationToken);

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => _reader.ReadAsync(cancellationToken);

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

    public bool TryDateTime(int column, IReadOnlyList<string>? formats, out DateTime value)
    {
        ReadOnlySpan<byte> bytes = _reader.GetSpan(column);
        if (bytes.SequenceEqual(_lastDateBytes))
        {
            value = _lastDate;
            return true;
        }

        bool ok;
        if (formats is null)
        {
            ok = _reader.TryParse(column, out value);
        }
        else
        {
            ok = false;
            value = default;
            if (bytes.Length <= _chars.Length)
            {
                int n = Encoding.UTF8.GetChars(bytes, _chars);
                ReadOnlySpan<char> text = _chars.AsSpan(0, n);
                for (int i = 0; i < formats.Count && !ok; i++)
                {
                    ok = DateTime.TryParseExact(text, formats[i], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value);
                }
            }
        }

        if (ok)
        {
            _lastDateBytes = bytes.ToArray();
            _lastDate = value;
        }

        return ok;
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

    private void RejectMalformed(CsvMalformedRecord record)
    {
        if (!record.Skipped)
        {
            return;
        }

        _report.CountRead();
        _report.Reject(
            new RejectedRow(Source, record.LineNumber, "(record)", $"The record has malformed quoting ({record.Reason}); quote fields that contain the separator and double embedded quotes.", record.RawRecord),
            _options.MaxRejectedRowsKept);
    }
}
