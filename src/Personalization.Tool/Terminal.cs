using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Personalization.Cli;

/// <summary>What a verb prints on stdout: the summary and tables (normal), nothing (<c>--quiet</c>) or only the JSON summary (<c>--json</c>).</summary>
internal enum OutputMode
{
    Normal,
    Quiet,
    Json,
}

/// <summary>
/// A verb's terminal: the text it prints (<see cref="Text"/>), the JSON summary (<see cref="Json"/>) and, only on an
/// interactive terminal in normal mode, a Spectre.Console progress display of its steps on stderr. While the display
/// is live the text is held back and printed when the verb ends, so the two never interleave; when stdout or stderr
/// is redirected there is no progress display at all and the output is exactly the text.
/// </summary>
internal sealed class Terminal
{
    /// <summary>The options every data verb takes.</summary>
    public static readonly OptionSpec[] Options =
    [
        new("quiet", "Print nothing but errors (the result files are still written).", IsFlag: true),
        new("json", "Print only the JSON summary (the content of the .json result file) on stdout.", IsFlag: true),
    ];

    private readonly TextWriter _stdout;
    private readonly IAnsiConsole? _progressConsole;
    private StringWriter? _held;
    private ProgressContext? _progress;
    private Step? _current;

    private Terminal(TextWriter stdout, OutputMode mode, IAnsiConsole? progressConsole)
    {
        _stdout = stdout;
        Mode = mode;
        _progressConsole = mode == OutputMode.Normal ? progressConsole : null;
    }

    public OutputMode Mode { get; }

    /// <summary>Where the verb's text goes: stdout in normal mode (held while progress is shown), nowhere otherwise.</summary>
    public TextWriter Text => Mode != OutputMode.Normal ? TextWriter.Null : _held ?? _stdout;

    /// <summary>The terminal of a verb run with <paramref name="options"/>; <paramref name="progressConsole"/> is null unless stdout and stderr are a terminal.</summary>
    public static Terminal For(ParsedOptions options, TextWriter stdout, IAnsiConsole? progressConsole)
    {
        bool quiet = options.Has("quiet");
        bool json = options.Has("json");
        if (quiet && json)
        {
            throw new UsageException("--quiet and --json are exclusive: --json prints only the JSON summary, --quiet prints nothing.");
        }

        return new Terminal(stdout, quiet ? OutputMode.Quiet : json ? OutputMode.Json : OutputMode.Normal, progressConsole);
    }

    /// <summary>A terminal that only prints text (export-sql, whose output is its result).</summary>
    public static Terminal Plain(TextWriter stdout) => new(stdout, OutputMode.Normal, null);

    /// <summary>Prints the JSON summary in <c>--json</c> mode.</summary>
    public void Json(string json)
    {
        if (Mode == OutputMode.Json)
        {
            _stdout.WriteLine(json);
        }
    }

    /// <summary>Runs a verb, inside a progress display when there is one; the held text is printed afterwards, also on failure.</summary>
    public int Run(Func<int> execute)
    {
        if (_progressConsole is null)
        {
            return execute();
        }

        _held = new StringWriter(CultureInfo.InvariantCulture);
        try
        {
            return _progressConsole.Progress()
                .AutoClear(true)
                .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
                .Start(context =>
                {
                    _progress = context;
                    try
                    {
                        return execute();
                    }
                    finally
                    {
                        _current?.Finish();
                        _progress = null;
                    }
                });
        }
        finally
        {
            string held = _held.ToString();
            _held = null;
            _stdout.Write(held);
        }
    }

    /// <summary>Starts a step (the previous one ends); a no-op when there is no progress display.</summary>
    public Step Begin(string description)
    {
        _current?.Finish();
        _current = _progress is null ? null : new Step(_progress.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1), description);
        return _current ?? Step.None;
    }

    /// <summary>One step of the progress display: an indeterminate task whose description shows rows read and rows per second.</summary>
    internal sealed class Step
    {
        public static readonly Step None = new(null, "");

        private readonly ProgressTask? _task;
        private readonly string _description;
        private readonly long _start = Stopwatch.GetTimestamp();
        private long _rows;

        internal Step(ProgressTask? task, string description)
        {
            _task = task;
            _description = description;
            if (task is not null)
            {
                task.IsIndeterminate = true;
            }
        }

        /// <summary>Whether the step is shown (counting rows is worth doing).</summary>
        public bool IsLive => _task is not null;

        /// <summary>Counts one row; the description is refreshed every 16,384 rows.</summary>
        public void Row()
        {
            if (_task is null || (++_rows & 16_383) != 0)
            {
                return;
            }

            double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
            _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{_description}: {_rows:N0} rows, {_rows / Math.Max(seconds, 1e-3):N0} rows/s"));
        }

        internal void Finish()
        {
            if (_task is { IsFinished: false })
            {
                _task.IsIndeterminate = false;
                _task.Value = _task.MaxValue;
                _task.StopTask();
            }
        }
    }
}
