using System.Globalization;
using System.Text;

namespace Personalization.Cli;

/// <summary>Writes simple CSV files (RFC 4180 quoting, invariant culture, LF line ends, formula-injection guard).</summary>
/// <remarks>
/// Text cells that a spreadsheet would run as a formula are written with a leading apostrophe (the OWASP
/// "CSV injection" advice): a text cell starting with <c>=</c>, <c>@</c>, a tab or a carriage return, or
/// starting with <c>+</c> or <c>-</c> without being a plain number. Numbers (any numeric cell, and text
/// such as <c>-12.5</c>) are written unchanged, so negative numbers stay numbers.
/// </remarks>
internal sealed class CsvOutput : IDisposable
{
    private readonly StreamWriter _writer;

    public CsvOutput(string path, params string[] header)
        : this(new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)), header)
    {
    }

    /// <summary>Writes to <paramref name="stream"/>, which the output owns and closes.</summary>
    public CsvOutput(Stream stream, params string[] header)
        : this(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)), header)
    {
    }

    private CsvOutput(StreamWriter writer, string[] header)
    {
        _writer = writer;
        _writer.NewLine = "\n";
        Row(header);
    }

    public void Row(params object?[] cells)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Escape(cells[i]));
        }

        _writer.WriteLine(line.ToString());
    }

    public void Dispose() => _writer.Dispose();

    public static string Escape(object? value)
    {
        string text = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Defuse(value.ToString() ?? ""),
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Prefixes an apostrophe to text a spreadsheet would evaluate as a formula; plain numbers are left alone.</summary>
    public static string Defuse(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        bool risky = text[0] switch
        {
            '=' or '@' or '\t' or '\r' => true,
            '+' or '-' => !double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
        return risky ? "'" + text : text;
    }
}
