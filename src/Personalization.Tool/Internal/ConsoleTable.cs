using System.Globalization;
using Spectre.Console;

namespace Personalization.Cli;

/// <summary>A result table rendered by Spectre.Console: numbers right-aligned, text left-aligned, no colour (safe to redirect).</summary>
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

    /// <summary>Renders the table to <paramref name="writer"/> (wide enough that no cell wraps).</summary>
    public void Write(TextWriter writer)
    {
        if (writer == TextWriter.Null)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        for (int c = 0; c < _headers.Length; c++)
        {
            table.AddColumn(new TableColumn(new Text(_headers[c])) { Alignment = _rightAlign[c] ? Justify.Right : Justify.Left, NoWrap = true });
        }

        foreach (string[] row in _rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        console.Write(table);
    }

    public override string ToString()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer);
        return writer.ToString();
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
