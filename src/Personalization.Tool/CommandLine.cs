using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Personalization.Cli;

/// <summary>A command's option: --name VALUE (or a flag), possibly repeated; <paramref name="Choices"/> feed shell completion only (the command validates).</summary>
internal sealed record OptionSpec(string Name, string Help, bool IsFlag = false, bool Required = false, bool Repeatable = false, string? Default = null, string[]? Choices = null);

/// <summary>The text of a command's help around the option list: usage lines first, a description, an example.</summary>
internal sealed record CommandHelp(string Usage, string Description, string? Example = null);

/// <summary>Parsed options.</summary>
internal sealed class ParsedOptions(Dictionary<string, List<string>> values)
{
    public string? Get(string name) => values.TryGetValue(name, out List<string>? v) ? v[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => values.TryGetValue(name, out List<string>? v) ? v : [];

    public bool Has(string name) => values.ContainsKey(name);

    public string Required(string name) => Get(name) ?? throw new UsageException($"--{name} is required.");

    public int? GetInt(string name, int min, int max)
    {
        string? text = Get(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'.");
    }

    /// <summary>
    /// The option as a finite number accepted by <paramref name="valid"/>; otherwise (missing
    /// included) a usage error "--name must be <paramref name="requirement"/>, not 'text'".
    /// </summary>
    public double GetDouble(string name, Func<double, bool> valid, string requirement)
    {
        string? text = Get(name);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && valid(value)
            ? value
            : throw new UsageException($"--{name} must be {requirement}, not '{text}'.");
    }
}

/// <summary>
/// The command line of <c>personalize</c> on System.CommandLine: one <see cref="Command"/> per verb built from its
/// <see cref="OptionSpec"/> list, help (<c>--help</c>), the <c>[suggest]</c> directive behind shell completion, and the
/// translation of a parse into <see cref="ParsedOptions"/>. Option values stay strings: each command checks them and
/// words its own usage errors, so messages do not depend on the parser.
/// </summary>
internal static class CommandLine
{
    private const int HelpWidth = 120;

    /// <summary>The parser settings: no response files (an argument starting with '@' is a value, not a file to expand).</summary>
    public static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null };

    /// <summary>The root command with one sub-command per verb; <paramref name="run"/> executes a verb with its parsed options.</summary>
    public static RootCommand Build(IReadOnlyList<ICommand> commands, string description, string rootEpilogue, Func<ICommand, ParsedOptions, int> run)
    {
        var root = new RootCommand(description);
        foreach (ICommand command in commands)
        {
            var verb = new Command(command.Name, command.Summary);
            var options = new List<(OptionSpec Spec, Option Option)>();
            foreach (OptionSpec spec in command.Options)
            {
                Option option = Create(spec);
                verb.Options.Add(option);
                options.Add((spec, option));
            }

            verb.SetAction(result => run(command, ToParsedOptions(result, options)));
            root.Subcommands.Add(verb);
        }

        foreach (HelpOption option in root.Options.OfType<HelpOption>())
        {
            var standard = (HelpAction)option.Action!;
            standard.MaxWidth = HelpWidth;
            option.Action = new VerbHelpAction(standard, commands, rootEpilogue);
        }

        return root;
    }

    /// <summary>The one-line reason of a failed parse, in the tool's wording for unknown tokens.</summary>
    public static string Reason(ParseResult result, IReadOnlyList<ICommand> commands)
    {
        if (result.UnmatchedTokens.Count > 0)
        {
            string token = result.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                int eq = token.IndexOf('=', StringComparison.Ordinal);
                return $"unknown option '{(eq > 0 ? token[..eq] : token)}'.";
            }

            return result.CommandResult.Command is RootCommand
                ? $"unknown command '{token}'; commands: {string.Join(", ", commands.Select(c => c.Name))}, completions."
                : $"unexpected argument '{token}'; options are written --name value.";
        }

        string message = string.Join(" ", PersonalizeCli.OneLine(result.Errors[0].Message).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return message.EndsWith('.') ? message : message + ".";
    }

    private static Option Create(OptionSpec spec)
    {
        string description = spec.Help + (spec.Required ? " (required)" : "");
        Option option;
        if (spec.IsFlag)
        {
            option = new Option<bool>("--" + spec.Name) { Description = description, Arity = ArgumentArity.Zero };
        }
        else if (spec.Repeatable)
        {
            option = new Option<string[]>("--" + spec.Name) { Description = description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false, HelpName = "value" };
        }
        else
        {
            var single = new Option<string>("--" + spec.Name) { Description = description, HelpName = "value" };
            if (spec.Default is { } value)
            {
                single.DefaultValueFactory = _ => value;
            }

            option = single;
        }

        if (spec.Choices is { } choices)
        {
            option.CompletionSources.Add(choices);
        }

        return option;
    }

    /// <summary>The given options (defaults filled in) as name -> values; a missing required option is a usage error.</summary>
    private static ParsedOptions ToParsedOptions(ParseResult result, List<(OptionSpec Spec, Option Option)> options)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((OptionSpec spec, Option option) in options)
        {
            OptionResult? given = result.GetResult(option);
            if (given is null || given.Implicit)
            {
                if (spec.Required)
                {
                    throw new UsageException($"--{spec.Name} is required.");
                }

                if (spec.Default is not null)
                {
                    values[spec.Name] = [spec.Default];
                }

                continue;
            }

            values[spec.Name] = option switch
            {
                Option<bool> => ["true"],
                Option<string[]> many => [.. result.GetValue(many) ?? []],
                Option<string> one => [result.GetValue(one) ?? ""],
                _ => throw new InvalidOperationException($"--{spec.Name} has an unexpected option type."),
            };
        }

        return new ParsedOptions(values);
    }

    /// <summary>
    /// Help in the tool's layout: for a verb its usage lines, description, System.CommandLine's option list and an
    /// example; for the root System.CommandLine's help and the tool's epilogue (outputs, exit codes, completion).
    /// </summary>
    private sealed class VerbHelpAction(HelpAction standard, IReadOnlyList<ICommand> commands, string rootEpilogue) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            InvocationConfiguration configuration = parseResult.InvocationConfiguration;
            TextWriter output = configuration.Output;
            using var standardText = new StringWriter(CultureInfo.InvariantCulture);
            configuration.Output = standardText;
            try
            {
                standard.Invoke(parseResult);
            }
            finally
            {
                configuration.Output = output;
            }

            string text = standardText.ToString().ReplaceLineEndings("\n");
            ICommand? command = commands.FirstOrDefault(c => c.Name == parseResult.CommandResult.Command.Name && parseResult.CommandResult.Command is not RootCommand);
            if (command is null)
            {
                output.Write(text.TrimEnd('\n') + "\n\n" + rootEpilogue);
                return ExitCodes.Success;
            }

            int options = text.IndexOf("Options:\n", StringComparison.Ordinal);
            CommandHelp help = command.Help;
            output.Write(help.Usage + "\n\n" + help.Description + "\n\n" + (options >= 0 ? text[options..].TrimEnd('\n') + "\n" : ""));
            if (help.Example is not null)
            {
                output.Write("\nExample:\n  " + help.Example + "\n");
            }

            return ExitCodes.Success;
        }
    }
}
