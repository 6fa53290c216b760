using System.Globalization;
using System.Text;

namespace Personalization.Cli;

/// <summary>A plain-text table for the terminal: numbers right-aligned, text left-aligned.</summary>
internal sealed class ConsoleTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAlign;
    private readonly List<string[]> _rows = [];

    public ConsoleTable(params string[] headers)
    {
        _headers = headers;
        _rightAlign = new bool[headers.Length];
    }

    public int RowCount => _rows.Count;

    public ConsoleTable AddRow(params object?[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"The row has {cells.Length} cells but the table has {_headers.Length} columns.", nameof(cells));
        }

        var text = new string[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            text[i] = Format(cells[i]);
            if (cells[i] is double or float or int or long or decimal)
            {
                _rightAlign[i] = true;
            }
        }

        _rows.Add(text);
        return this;
    }

    public void Write(TextWriter writer)
    {
        var widths = new int[_headers.Length];
        for (int c = 0; c < _headers.Length; c++)
        {
            widths[c] = _headers[c].Length;
            foreach (string[] row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var line = new StringBuilder();
        WriteLine(writer, line, _headers, widths);
        line.Clear();
        for (int c = 0; c < widths.Length; c++)
        {
            line.Append(c == 0 ? "  " : "  ").Append(new string('-', widths[c]));
        }

        writer.WriteLine(line.ToString());
        foreach (string[] row in _rows)
        {
            line.Clear();
            WriteLine(writer, line, row, widths);
        }
    }

    public override string ToString()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer);
        return writer.ToString();
    }

    private void WriteLine(TextWriter writer, StringBuilder line, string[] cells, int[] widths)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            line.Append("  ");
            line.Append(_rightAlign[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        writer.WriteLine(line.ToString().TrimEnd());
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "n/a",
        double d => Math.Abs(d) >= 1000 ? d.ToString("N0", CultureInfo.InvariantCulture) : Math.Abs(d) >= 10 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("0.000", CultureInfo.InvariantCulture),
        int i => i.ToString("N0", CultureInfo.InvariantCulture),
        long l => l.ToString("N0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
