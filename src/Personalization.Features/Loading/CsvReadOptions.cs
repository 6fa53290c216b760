using System.Globalization;
using System.Text;

namespace Personalization.Features;

/// <summary>Options of the CSV loaders (<see cref="TransactionCsvReader"/>, <see cref="CustomerCsvReader"/>, <see cref="CsvTableReader"/>).</summary>
/// <remarks>
/// <para>Parsing is culture-invariant: numbers use <c>.</c> as the decimal separator.</para>
/// <para>Instants: every date and time read is returned as UTC (<see cref="DateTimeKind.Utc"/>). A value with
/// an offset (<c>Z</c>, <c>+01:00</c>) is converted to UTC; a value without one is taken as a wall-clock time
/// in <see cref="TimeZone"/>. Results therefore never depend on the machine's time zone.</para>
/// </remarks>
public sealed record CsvReadOptions
{
    private static readonly DateTime s_defaultEarliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_defaultLatest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Gets the default options.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>Gets what to do with rows that have no customer id.</summary>
    /// <value>Default <see cref="MissingCustomerIdHandling.Skip"/>.</value>
    public MissingCustomerIdHandling MissingCustomerId { get; init; } = MissingCustomerIdHandling.Skip;

    /// <summary>Gets the field separator (ignored when <see cref="DetectSeparator"/> is set).</summary>
    /// <value>Default <c>','</c>.</value>
    public char Separator { get; init; } = ',';

    /// <summary>Gets a value indicating whether the separator is detected from the first lines of the input
    /// (one of <c>,</c> <c>;</c> tab <c>|</c>) instead of taken from <see cref="Separator"/>.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool DetectSeparator { get; init; }

    /// <summary>Gets the text encoding of the input, or <see langword="null"/> for strict UTF-8.</summary>
    /// <remarks>With UTF-8 (the default, or <see cref="Encoding.UTF8"/>), a byte sequence that is not valid UTF-8
    /// stops the read with an <see cref="InvalidDataException"/> naming the line and column: it is never replaced
    /// by U+FFFD, so <c>M\xfcller</c> and <c>M\xf6ller</c> can never become one customer. Other encodings must
    /// have one byte per character and write ASCII as ASCII, such as <see cref="Encoding.Latin1"/> or
    /// Windows-1252 (<c>CodePagesEncodingProvider</c>); a UTF-16 or UTF-32 byte order mark always wins.</remarks>
    /// <value>Default <see langword="null"/> (strict UTF-8).</value>
    public Encoding? Encoding { get; init; }

    /// <summary>Gets the time zone of date and time values written without an offset.</summary>
    /// <value>Default <see cref="TimeZoneInfo.Utc"/>.</value>
    /// <remarks>A wall-clock time that does not exist in the zone (skipped by a daylight-saving change) is a rejected
    /// row; one that occurs twice is taken at the zone's standard offset.</remarks>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Gets the one date and time format of the file's date columns (a .NET custom format such as
    /// <c>dd/MM/yyyy HH:mm</c>), or <see langword="null"/> for ISO 8601. A value that does not match is a rejected
    /// row; no other format is tried.</summary>
    /// <remarks>ISO 8601 means <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space, <c>HH:mm</c>,
    /// optional <c>:ss</c> and fraction, and an optional <c>Z</c> or <c>±HH:mm</c> offset. A format with an offset
    /// specifier (<c>z</c>, <c>K</c>) reads the offset; others read wall-clock times in <see cref="TimeZone"/>.
    /// <see cref="TransactionCsvMapping.TimestampFormats"/>, when set, is the timestamp column's format instead.</remarks>
    /// <value>Default <see langword="null"/> (ISO 8601).</value>
    public string? DateFormat { get; init; }

    /// <summary>Gets the earliest date accepted; an earlier one (such as year 0001, a placeholder) is a rejected row.</summary>
    /// <value>Default 1900-01-01T00:00Z.</value>
    public DateTime EarliestDate { get; init; } = s_defaultEarliest;

    /// <summary>Gets the first date no longer accepted; a later one (such as 9999-12-31) is a rejected row.</summary>
    /// <value>Default 2100-01-01T00:00Z.</value>
    public DateTime LatestDate { get; init; } = s_defaultLatest;

    /// <summary>Gets the most rejected rows kept in <see cref="CsvReadReport.RejectedRows"/>; further rejections are only counted.</summary>
    /// <value>Default 100,000.</value>
    public int MaxRejectedRowsKept { get; init; } = 100_000;

    internal void Validate()
    {
        if (Separator is '"' or '\r' or '\n' || Separator > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(Separator), Separator, $"Separator must be an ASCII character other than a quote or line break, but was '{Separator}'.");
        }

        if (!Enum.IsDefined(MissingCustomerId))
        {
            throw new ArgumentOutOfRangeException(nameof(MissingCustomerId), MissingCustomerId, "MissingCustomerId must be Skip, Reject or Fail.");
        }

        if (MaxRejectedRowsKept < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRejectedRowsKept), MaxRejectedRowsKept, $"MaxRejectedRowsKept must be at least 0, but was {MaxRejectedRowsKept}.");
        }

        ArgumentNullException.ThrowIfNull(TimeZone, nameof(TimeZone));
        if (Encoding is not null && Encoding.CodePage != Encoding.UTF8.CodePage && !IsSingleByteAscii(Encoding))
        {
            throw new ArgumentException($"Encoding must be UTF-8 or an encoding with one byte per character that writes ASCII as ASCII (such as Latin-1 or Windows-1252), but was {Encoding.WebName}.", nameof(Encoding));
        }

        ValidateFormat(DateFormat, nameof(DateFormat));
        if (EarliestDate >= LatestDate)
        {
            throw new ArgumentOutOfRangeException(nameof(EarliestDate), EarliestDate, $"EarliestDate must be before LatestDate ({LatestDate:O}).");
        }
    }

    internal static void ValidateFormat(string? format, string name)
    {
        if (format is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(format))
        {
            throw new ArgumentException("A date format must not be empty; use null for ISO 8601.", name);
        }

        try
        {
            _ = new DateTimeOffset(2011, 12, 9, 12, 50, 0, TimeSpan.Zero).ToString(format, CultureInfo.InvariantCulture);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"'{format}' is not a valid .NET date and time format: {ex.Message}", name, ex);
        }
    }

    private static bool IsSingleByteAscii(Encoding encoding)
    {
        if (!encoding.IsSingleByte)
        {
            return false;
        }

        byte[] ascii = new byte[128];
        for (int i = 0; i < ascii.Length; i++)
        {
            ascii[i] = (byte)i;
        }

        string text = encoding.GetString(ascii);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != i)
            {
                return false;
            }
        }

        return true;
    }
}
