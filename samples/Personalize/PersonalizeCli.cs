namespace Personalization.Cli;

/// <summary>Exit codes of <c>personalize</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line is wrong (unknown verb or option, missing value).</summary>
    public const int Usage = 1;

    /// <summary>The input is missing or malformed (the message names the file and line).</summary>
    public const int BadInput = 2;
}

/// <summary>Thrown for a bad command line; the message is the one-line reason.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Thrown for bad input data; the message is the one-line reason (file:line: ...).</summary>
public sealed class BadInputException(string message) : Exception(message);

/// <summary>The <c>personalize</c> tool: verbs features, segment, uplift, abtest.</summary>
public static class PersonalizeCli
{
    private static readonly ICommand[] s_commands = [new FeaturesCommand(), new SegmentCommand(), new UpliftCommand(), new AbTestCommand()];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            WriteHelp(stdout);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args[0] == "--version")
        {
            stdout.WriteLine(typeof(PersonalizeCli).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");
            return ExitCodes.Success;
        }

        ICommand? command = s_commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"personalize: unknown command '{args[0]}'; commands: {string.Join(", ", s_commands.Select(c => c.Name))}. Run 'personalize --help'.");
            return ExitCodes.Usage;
        }

        string[] rest = args[1..];
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            stdout.Write(command.Help);
            return ExitCodes.Success;
        }

        try
        {
            var options = CommandLine.Parse(rest, command.Options);
            return command.Execute(options, stdout);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"personalize {command.Name}: {ex.Message} Run 'personalize {command.Name} --help'.");
            return ExitCodes.Usage;
        }
        catch (BadInputException ex)
        {
            stderr.WriteLine($"personalize {command.Name}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException)
        {
            stderr.WriteLine($"personalize {command.Name}: {OneLine(ex.Message)}");
            return ExitCodes.BadInput;
        }
    }

    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static void WriteHelp(TextWriter stdout)
    {
        stdout.WriteLine("personalize - customer features, segments, uplift and A/B analysis from CSV files");
        stdout.WriteLine();
        stdout.WriteLine("Usage: personalize <command> [options]      personalize <command> --help");
        stdout.WriteLine();
        stdout.WriteLine("Commands:");
        foreach (ICommand c in s_commands)
        {
            stdout.WriteLine($"  {c.Name,-10} {c.Summary}");
        }

        stdout.WriteLine();
        stdout.WriteLine("Each command writes a CSV and a JSON file (schema in docs/cli.md) to --output (default: the current folder).");
        stdout.WriteLine("Exit codes: 0 success, 1 bad command line, 2 missing or malformed input (the message names the file and line).");
    }
}
