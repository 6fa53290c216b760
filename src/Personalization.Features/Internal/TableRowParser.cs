namespace Personalization.Features.Internal;

/// <summary>Turns the current record of a <see cref="CsvTable"/> into a <see cref="CsvTableRow"/>, or rejects it.</summary>
internal sealed class TableRowParser
{
    private readonly CsvTable _table;
    private readonly int[] _text;
    private readonly int[] _numbers;

    public TableRowParser(CsvTable table, CsvTableSchema schema)
    {
        _table = table;
        _text = schema.Text.Select(name => table.Required(name, "a text column of the schema")).ToArray();
        _numbers = schema.Numbers.Select(name => table.Required(name, "a number column of the schema")).ToArray();
    }

    public CsvTableRow? Parse()
    {
        CsvTable t = _table;
        t.Report.CountRead();
        var text = new string[_text.Length];
        for (int i = 0; i < _text.Length; i++)
        {
            string value = t.GetString(_text[i]);
            if (string.IsNullOrWhiteSpace(value))
            {
                t.Reject(_text[i], "The value is blank (empty or only whitespace); fill it in.", withValue: value.Length > 0);
                return null;
            }

            text[i] = value;
        }

        var numbers = new double[_numbers.Length];
        for (int i = 0; i < _numbers.Length; i++)
        {
            if (!t.TryDouble(_numbers[i], out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                t.Reject(_numbers[i], "The value is missing or not a finite number; write it with '.' as the decimal separator.");
                return null;
            }
        }

        t.Report.CountAccepted();
        return new CsvTableRow(t.Line, text, numbers);
    }
}
