using System.Globalization;
using System.Text;

namespace Personalization.Samples;

/// <summary>Writes simple CSV files (RFC 4180 quoting, invariant culture, LF line ends).</summary>
public sealed class CsvOutput : IDisposable
{
    private readonly StreamWriter _writer;

    public CsvOutput(string path, params string[] header)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
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
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
