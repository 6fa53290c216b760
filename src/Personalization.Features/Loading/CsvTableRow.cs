namespace Personalization.Features;

/// <summary>An accepted row of <see cref="CsvTableReader"/>: its line and the values of the schema's columns, in schema order.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CsvTableRow
{
    private readonly string[] _text;
    private readonly double[] _numbers;

    internal CsvTableRow(long line, string[] text, double[] numbers)
    {
        Line = line;
        _text = text;
        _numbers = numbers;
    }

    /// <summary>Gets the 1-based line of the input where the row starts (the header is line 1).</summary>
    public long Line { get; }

    /// <summary>Gets the values of <see cref="CsvTableSchema.Text"/>, in schema order; never blank.</summary>
    public IReadOnlyList<string> Text => _text;

    /// <summary>Gets the values of <see cref="CsvTableSchema.Numbers"/>, in schema order; always finite.</summary>
    public IReadOnlyList<double> Numbers => _numbers;
}
