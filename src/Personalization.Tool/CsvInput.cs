using System.Globalization;
using System.Text;
using Personalization.Features;

namespace Personalization.Cli;

/// <summary>
/// The input options every verb shares (--encoding, --delimiter, --timezone, --date-format, --skip-bad-rows) and the
/// one place that turns them into <see cref="CsvReadOptions"/>: every verb reads CSV through the Features loaders.
/// </summary>
internal static class CsvInput
{
    public static readonly OptionSpec[] Options =
    [
        new("encoding", "Text encoding of the input: utf-8 (strict: invalid bytes are an error naming line and column), latin1 or windows-1252.", Default: "utf-8", Choices: ["utf-8", "latin1", "windows-1252"]),
        new("delimiter", "Field separator: a character such as ';', or 'tab'; default: detected from the first lines among , ; tab |."),
        new("timezone", "Time zone (IANA id such as Europe/London) of date-times written without an offset; results are in UTC.", Default: "UTC"),
        new("date-format", "The one date format of the file (.NET custom format such as dd/MM/yyyy HH:mm); default: ISO 8601 (the Online Retail layout: yyyy-MM-dd HH:mm:ss). A value that does not match is a bad row."),
        new("skip-bad-rows", "Skip malformed rows (counted in the JSON and reported on stdout) instead of failing on the first.", IsFlag: true),
    ];

    /// <summary>The loader options of the command line; usage errors name the option.</summary>
    public static CsvReadOptions ReadOptions(ParsedOptions options)
    {
        string encodingName = options.Get("encoding") ?? "utf-8";
        Encoding? encoding = encodingName.ToLowerInvariant() switch
        {
            "utf-8" or "utf8" => null,
            "latin1" or "latin-1" or "iso-8859-1" => Encoding.Latin1,
            "windows-1252" or "cp1252" => CodePagesEncodingProvider.Instance.GetEncoding(1252),
            _ => throw new UsageException($"--encoding must be utf-8, latin1 or windows-1252, not '{encodingName}'."),
        };

        string? delimiter = options.Get("delimiter");
        char separator = delimiter switch
        {
            null => ',',
            "tab" or "\\t" or "\t" => '\t',
            { Length: 1 } d when d[0] is not ('"' or '\r' or '\n') && d[0] < 128 => d[0],
            _ => throw new UsageException($"--delimiter must be one ASCII character other than a quote (or 'tab'), not '{delimiter}'."),
        };

        string zoneId = options.Get("timezone") ?? "UTC";
        TimeZoneInfo zone;
        try
        {
            zone = zoneId is "UTC" or "utc" or "Z" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new UsageException($"--timezone must be a time zone id such as UTC, Europe/London or America/New_York, not '{zoneId}'.");
        }

        string? format = options.Get("date-format");
        if (format is not null)
        {
            try
            {
                _ = new DateTime(2011, 12, 9, 12, 50, 0).ToString(format, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new UsageException($"--date-format '{format}' is not a valid .NET date and time format (such as dd/MM/yyyy HH:mm).");
            }

            if (string.IsNullOrWhiteSpace(format))
            {
                throw new UsageException("--date-format must not be empty.");
            }
        }

        return new CsvReadOptions
        {
            Encoding = encoding,
            Separator = separator,
            DetectSeparator = delimiter is null,
            TimeZone = zone,
            DateFormat = format,
        };
    }

    /// <summary>Checks that the input file exists.</summary>
    public static string ExistingInput(ParsedOptions options)
    {
        string path = options.Required("input");
        return File.Exists(path) ? path : throw new BadInputException($"{path}: the input file does not exist.");
    }

    /// <summary>Runs a read, turning the loaders' data errors into one-line input errors.</summary>
    public static void Guard(Action read)
    {
        try
        {
            read();
        }
        catch (InvalidDataException ex)
        {
            throw new BadInputException(PersonalizeCli.OneLine(ex.Message));
        }
    }

    /// <summary>Fails on the first rejected row unless --skip-bad-rows is given; then reports the count.</summary>
    public static void CheckRejections(ParsedOptions options, CsvReadReport report, TextWriter stdout) =>
        CheckRejections(options, report.RejectedCount, report.RejectedRows, stdout);

    /// <summary>The same rule for any reader's report (the CSV loaders, or an engine's <c>SqlReadReport</c>).</summary>
    public static void CheckRejections(ParsedOptions options, long rejectedCount, IReadOnlyList<RejectedRow> rejectedRows, TextWriter stdout)
    {
        if (rejectedCount == 0)
        {
            return;
        }

        RejectedRow first = rejectedRows[0];
        if (!options.Has("skip-bad-rows"))
        {
            throw new BadInputException($"{first} ({rejectedCount:N0} malformed row(s); fix them or pass --skip-bad-rows).");
        }

        stdout.WriteLine($"Skipped {rejectedCount:N0} malformed row(s); first: {first}");
    }

    /// <summary>A yyyy-MM-dd option as the UTC instant of that midnight in the --timezone zone.</summary>
    public static DateTime? Date(ParsedOptions options, string name, CsvReadOptions read)
    {
        if (options.Get(name) is not { } text)
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day))
        {
            throw new UsageException($"--{name} must be a date written yyyy-MM-dd, not '{text}'.");
        }

        return read.TimeZone == TimeZoneInfo.Utc
            ? DateTime.SpecifyKind(day, DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(day, read.TimeZone);
    }
}
