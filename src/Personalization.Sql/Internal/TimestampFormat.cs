using System.Text;

namespace Personalization.Sql.Internal;

/// <summary>Translates the .NET exact timestamp formats of <c>TransactionCsvMapping.TimestampFormats</c> for the engines.</summary>
internal static class TimestampFormat
{
    private enum Field
    {
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Fraction,
    }

    /// <summary>Returns the strptime format (DuckDB) of a .NET format.</summary>
    public static string ToStrptime(string format)
    {
        var sb = new StringBuilder();
        foreach ((Field? field, int width, string literal) in Tokens(format))
        {
            if (field is null)
            {
                sb.Append(literal.Replace("%", "%%", StringComparison.Ordinal));
                continue;
            }

            bool padded = width >= 2;
            sb.Append(field switch
            {
                Field.Year => "%Y",
                Field.Month => padded ? "%m" : "%-m",
                Field.Day => padded ? "%d" : "%-d",
                Field.Hour => padded ? "%H" : "%-H",
                Field.Minute => padded ? "%M" : "%-M",
                Field.Second => padded ? "%S" : "%-S",
                _ => width == 3 ? "%g" : "%f",
            });
        }

        return sb.ToString();
    }

    /// <summary>The ISO 8601 layout the PostgreSQL dialect accepts for text: <c>yyyy-M-d</c>, optionally <c>[ T]H:mm[:ss[.f]]</c>.</summary>
    public const string IsoPattern = "^([0-9]{4})-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])([ T]([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?)?$";

    /// <summary>Returns a POSIX regular expression matching the format (one group per field, values in range), the ISO 8601
    /// replacement, and the groups of year, month and day (for the day-of-month check).</summary>
    public static (string Pattern, string Replacement, int Year, int Month, int Day) ToRegex(string format)
    {
        var pattern = new StringBuilder("^");
        var groups = new Dictionary<Field, int>();
        int group = 0;
        foreach ((Field? field, int width, string literal) in Tokens(format))
        {
            if (field is null)
            {
                foreach (char ch in literal)
                {
                    pattern.Append(char.IsAsciiLetterOrDigit(ch) || ch == ' ' ? ch.ToString() : "[" + ch + "]");
                }

                continue;
            }

            groups[field.Value] = ++group;
            bool padded = width >= 2;
            pattern.Append(field switch
            {
                Field.Year => "([0-9]{4})",
                Field.Month => padded ? "(0[1-9]|1[0-2])" : "(0?[1-9]|1[0-2])",
                Field.Day => padded ? "(0[1-9]|[12][0-9]|3[01])" : "(0?[1-9]|[12][0-9]|3[01])",
                Field.Hour => padded ? "([01][0-9]|2[0-3])" : "([01]?[0-9]|2[0-3])",
                Field.Fraction => "([0-9]{" + width + "})",
                _ => padded ? "([0-5][0-9])" : "([0-5]?[0-9])",
            });
        }

        pattern.Append('$');
        if (!groups.ContainsKey(Field.Year) || !groups.ContainsKey(Field.Month) || !groups.ContainsKey(Field.Day))
        {
            throw new NotSupportedException($"The timestamp format '{format}' has no year, month or day; use a format with yyyy, M or MM, and d or dd.");
        }

        string G(Field f, string fallback) => groups.TryGetValue(f, out int g) ? "\\" + g : fallback;
        string replacement = $"{G(Field.Year, "")}-{G(Field.Month, "")}-{G(Field.Day, "")} {G(Field.Hour, "0")}:{G(Field.Minute, "0")}:{G(Field.Second, "0")}"
            + (groups.ContainsKey(Field.Fraction) ? "." + G(Field.Fraction, "") : string.Empty);
        return (pattern.ToString(), replacement, groups[Field.Year], groups[Field.Month], groups[Field.Day]);
    }

    private static List<(Field? Field, int Width, string Literal)> Tokens(string format)
    {
        var tokens = new List<(Field?, int, string)>();
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i];
            int run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            Field? field = c switch
            {
                'y' when run == 4 => Field.Year,
                'M' when run <= 2 => Field.Month,
                'd' when run <= 2 => Field.Day,
                'H' when run <= 2 => Field.Hour,
                'm' when run <= 2 => Field.Minute,
                's' when run <= 2 => Field.Second,
                'f' when run is 3 or 6 => Field.Fraction,
                _ => null,
            };
            if (field is not null)
            {
                tokens.Add((field, run, string.Empty));
                i += run;
            }
            else if (c == '\'')
            {
                int end = format.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new NotSupportedException($"The timestamp format '{format}' has an unterminated quote.");
                }

                tokens.Add((null, 0, format[(i + 1)..end]));
                i = end + 1;
            }
            else if (char.IsAsciiLetter(c) || c == '%' || c == '\\')
            {
                throw new NotSupportedException($"The timestamp format '{format}' uses '{new string(c, run)}', which the SQL sources do not translate; use yyyy, M, MM, d, dd, H, HH, mm, ss, fff, ffffff and literal separators.");
            }
            else
            {
                tokens.Add((null, 0, c.ToString()));
                i++;
            }
        }

        return tokens;
    }
}
