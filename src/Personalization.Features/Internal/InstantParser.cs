using System.Globalization;

namespace Personalization.Features.Internal;

/// <summary>
/// Reads date and time text in one format into a UTC instant: ISO 8601 (the default) or one .NET
/// custom format. Values without an offset are wall-clock times in the configured zone.
/// </summary>
internal sealed class InstantParser
{
    private static readonly string[] s_isoNaive =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    private static readonly string[] s_isoOffset =
        ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
         "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'"];

    private readonly string? _format;
    private readonly bool _formatHasOffset;
    private readonly TimeZoneInfo _zone;
    private readonly bool _utcZone;
    private byte[] _lastText = [];
    private DateTime _lastValue;
    private Outcome _lastOutcome = Outcome.NotADate;

    public InstantParser(string? format, TimeZoneInfo zone)
    {
        _format = format;
        _formatHasOffset = format is not null && HasOffsetSpecifier(format);
        _zone = zone;
        _utcZone = zone.Id == TimeZoneInfo.Utc.Id || (zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime);
    }

    public enum Outcome
    {
        Ok,
        NotADate,
        SkippedByClockChange,
    }

    /// <summary>Gets how the format reads in a message, such as <c>ISO 8601 (such as 2011-12-09 12:50:00)</c>.</summary>
    public string Description => _format is null
        ? "ISO 8601 (such as 2011-12-09, 2011-12-09 12:50:00 or 2011-12-09T12:50:00Z)"
        : $"the format '{_format}'";

    /// <summary>Parses the UTF-8 <paramref name="text"/> (already trimmed by the CSV reader) into a UTC instant.</summary>
    /// <remarks>Consecutive rows often share a timestamp (one order, several lines), so the last value is kept.</remarks>
    public Outcome Parse(ReadOnlySpan<byte> text, out DateTime utc)
    {
        if (text.SequenceEqual(_lastText))
        {
            utc = _lastValue;
            return _lastOutcome;
        }

        Outcome outcome = ParseCore(System.Text.Encoding.UTF8.GetString(text), out utc);
        _lastText = text.ToArray();
        _lastValue = utc;
        _lastOutcome = outcome;
        return outcome;
    }

    private Outcome ParseCore(string text, out DateTime utc)
    {
        utc = default;
        if (_format is null)
        {
            if (DateTime.TryParseExact(text, s_isoNaive, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime wall))
            {
                return FromWallClock(wall, out utc);
            }

            if (DateTimeOffset.TryParseExact(text, s_isoOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset instant))
            {
                utc = instant.UtcDateTime;
                return Outcome.Ok;
            }

            return Outcome.NotADate;
        }

        if (_formatHasOffset)
        {
            if (DateTimeOffset.TryParseExact(text, _format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset instant))
            {
                utc = instant.UtcDateTime;
                return Outcome.Ok;
            }

            return Outcome.NotADate;
        }

        return DateTime.TryParseExact(text, _format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime value)
            ? FromWallClock(value, out utc)
            : Outcome.NotADate;
    }

    private Outcome FromWallClock(DateTime wall, out DateTime utc)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (_utcZone)
        {
            utc = DateTime.SpecifyKind(wall, DateTimeKind.Utc);
            return Outcome.Ok;
        }

        if (_zone.IsInvalidTime(wall))
        {
            utc = default;
            return Outcome.SkippedByClockChange;
        }

        TimeSpan offset = _zone.IsAmbiguousTime(wall) ? _zone.BaseUtcOffset : _zone.GetUtcOffset(wall);
        long ticks = wall.Ticks - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            utc = ticks < 0 ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) : DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
            return Outcome.Ok;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return Outcome.Ok;
    }

    /// <summary>Whether a custom format has a <c>z</c> or <c>K</c> specifier outside quoted literals.</summary>
    internal static bool HasOffsetSpecifier(string format)
    {
        char quote = '\0';
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c is 'z' or 'K')
            {
                return true;
            }
        }

        return false;
    }
}
