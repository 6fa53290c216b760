using System.Diagnostics;
using System.Globalization;

namespace Personalization.Samples;

/// <summary>
/// Progress for long steps: a bar redrawn in place on an interactive terminal, a single line per
/// step otherwise (redirected output, tests), so logs stay readable.
/// </summary>
public sealed class ConsoleProgress : IProgress<FitProgress>
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string _step = "";
    private int _lastWidth;

    public ConsoleProgress(TextWriter writer)
    {
        _writer = writer;
        _interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
    }

    /// <summary>Starts a named step ("Loading transactions").</summary>
    public void Begin(string step)
    {
        _step = step;
        _clock.Restart();
        if (_interactive)
        {
            Draw(step + " ...");
        }
    }

    /// <summary>Ends the current step with a short result ("541,909 rows").</summary>
    public void End(string result)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{_step}: {result} ({_clock.Elapsed.TotalSeconds:0.0} s)");
        if (_interactive)
        {
            Draw(line);
            _writer.WriteLine();
            _lastWidth = 0;
        }
        else
        {
            _writer.WriteLine(line);
        }
    }

    /// <summary>Reports a fraction of the current step done, with a short note.</summary>
    public void Report(double fraction, string note)
    {
        if (!_interactive)
        {
            return;
        }

        const int BarWidth = 24;
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        Draw(string.Create(CultureInfo.InvariantCulture, $"{_step} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,4:P0} {note}"));
    }

    void IProgress<FitProgress>.Report(FitProgress value)
    {
        double fraction = double.IsNaN(value.Fraction) ? 0 : value.Fraction;
        string metric = double.IsNaN(value.Metric) ? "" : string.Create(CultureInfo.InvariantCulture, $" {value.Metric:G6}");
        Report(fraction, string.Create(CultureInfo.InvariantCulture, $"{value.Stage} {value.Step}/{value.TotalSteps}{metric}"));
    }

    private void Draw(string text)
    {
        int width = Math.Max(_lastWidth, text.Length);
        _writer.Write("\r" + text.PadRight(width));
        _lastWidth = text.Length;
    }
}
