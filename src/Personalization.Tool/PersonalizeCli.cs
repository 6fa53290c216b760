using System.Reflection;
using System.CommandLine;
using System.CommandLine.Invocation;
using Spectre.Console;

namespace Personalization.Cli;

/// <summary>Exit codes of <c>personalize</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line is wrong (unknown verb or option, missing value).</summary>
    public const int Usage = 1;

    /// <summary>The input is missing or malformed (the message names the file and line), the results cannot be written, or the data cannot be fitted (for example identical customers).</summary>
    public const int BadInput = 2;
}

/// <summary>Thrown for a bad command line; the message is the one-line reason.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Thrown for bad input data; the message is the one-line reason (file:line: ...).</summary>
internal sealed class BadInputException(string message) : Exception(message);

/// <summary>The <c>personalize</c> tool: verbs features, segment, uplift, abtest, export-sql.</summary>
internal static class PersonalizeCli
{
    private static readonly ICommand[] s_commands = [new FeaturesCommand(), new SegmentCommand(), new UpliftCommand(), new AbTestCommand(), new ExportSqlCommand()];

    /// <summary>
    /// Runs the tool. Never throws: every failure is exit code 1 (command line) or 2 (input, output or an
    /// unexpected condition) with one line on <paramref name="stderr"/> naming what to fix.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, progress: null);

    /// <summary>
    /// Runs the tool; <paramref name="progress"/> is the console of the progress display (stderr), given only when
    /// stdout and stderr are an interactive terminal, so redirected output never carries progress.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IAnsiConsole? progress)
    {
        string prefix = "personalize";
        try
        {
            return RunCore(args, stdout, stderr, progress, ref prefix);
        }
        catch (UsageException ex)
        {
            return Fail(stderr, ExitCodes.Usage, $"{prefix}: {ex.Message} Run '{prefix} --help'.");
        }
        catch (BadInputException ex)
        {
            return Fail(stderr, ExitCodes.BadInput, $"{prefix}: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException)
        {
            return Fail(stderr, ExitCodes.BadInput, $"{prefix}: {Describe(ex)}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail(stderr, ExitCodes.BadInput, $"{prefix}: permission denied: {Clause(ex.Message)}; make --input readable and --output writable.");
        }
        catch (IOException ex)
        {
            // Writing stdout to a full device or a closed pipe, or a file error not caught closer to its cause.
            return Fail(stderr, ExitCodes.BadInput, $"{prefix}: input/output error: {Clause(ex.Message)}; check the files, the free space and where standard output goes.");
        }
        catch (OutOfMemoryException)
        {
            return Fail(stderr, ExitCodes.BadInput, $"{prefix}: not enough memory for this input; use a smaller file or a machine with more memory.");
        }
#pragma warning disable CA1031 // The tool's contract: no exception escapes as a crash (exit 134); an unforeseen one is still one line and exit 2.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Fail(stderr, ExitCodes.BadInput, $"{prefix}: unexpected error ({ex.GetType().Name}): {Clause(ex.Message)}; please report it with the command line.");
        }
    }

    private static int RunCore(string[] args, TextWriter stdout, TextWriter stderr, IAnsiConsole? progress, ref string prefix)
    {
        bool noArguments = args.Length == 0;
        if (noArguments || args[0] == "help")
        {
            // `personalize` alone prints the help and fails (exit 1); `personalize help [verb]` is `--help`.
            args = [.. args.Skip(1), "--help"];
        }

        RootCommand root = CommandLine.Build(s_commands, Description, HelpEpilogue, (command, options) =>
        {
            Terminal terminal = command is ExportSqlCommand ? Terminal.Plain(stdout) : Terminal.For(options, stdout, progress);
            return terminal.Run(() => command.Execute(options, terminal));
        });
        root.Subcommands.Add(Completions.Command(stdout));
        foreach (VersionOption option in root.Options.OfType<VersionOption>())
        {
            option.Action = new WriteLineAction(() => stdout.WriteLine(VersionLine()));
        }

        ParseResult result = root.Parse(args, CommandLine.Parser);
        if (result.CommandResult.Command is not RootCommand)
        {
            prefix = "personalize " + result.CommandResult.Command.Name;
        }

        if (result.Action is ParseErrorAction)
        {
            throw new UsageException(CommandLine.Reason(result, s_commands));
        }

        int exit = result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        return noArguments ? ExitCodes.Usage : exit;
    }

    private static int Fail(TextWriter stderr, int code, string line)
    {
        try
        {
            stderr.WriteLine(line);
        }
        catch (IOException)
        {
            // stderr itself cannot be written; the exit code still reports the failure.
        }

        return code;
    }

    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>The exception's message on one line, without the "(Parameter 'x')" and "Actual value was" tails that ArgumentException adds for programmers.</summary>
    internal static string Describe(Exception ex)
    {
        string message = ex.Message;
        if (ex is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            message = message.Replace(Environment.NewLine + "Actual value was " + Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture) + ".", "", StringComparison.Ordinal);
        }

        if (ex is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }

        return OneLine(message);
    }

    /// <summary>A system message as a clause inside our sentence: one line, without its final full stop.</summary>
    internal static string Clause(string message) => OneLine(message).TrimEnd('.');

    private const string Description = "personalize - customer features, segments, uplift and A/B analysis from CSV files";

    /// <summary>
    /// "personalize 0.1.0 (commit 0123...)": the package version and the commit it was built from, both read from the
    /// assembly's InformationalVersion (Version+SourceRevisionId, see the project file); "(commit unknown)" without one.
    /// </summary>
    internal static string VersionLine()
    {
        string informational = typeof(PersonalizeCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(PersonalizeCli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"personalize {informational} (commit unknown)"
            : $"personalize {informational[..plus]} (commit {informational[(plus + 1)..]})";
    }

    private const string HelpEpilogue =
        "Each command writes a CSV and a JSON file (schema in docs/cli.md) to --output (default: the current folder).\n" +
        "Exit codes: 0 success, 1 bad command line, 2 missing or malformed input or an output that cannot be written (one line on stderr names what to fix).\n" +
        "Shell completion: 'personalize completions bash|zsh|pwsh' prints the script to source.\n";

    /// <summary>An action that writes a line (the version) and succeeds.</summary>
    private sealed class WriteLineAction(Action write) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            write();
            return ExitCodes.Success;
        }
    }
}
