using System.Globalization;

namespace Personalization.Cli;

/// <summary>A command's option: --name VALUE (or a flag), possibly repeated.</summary>
internal sealed record OptionSpec(string Name, string Help, bool IsFlag = false, bool Required = false, bool Repeatable = false, string? Default = null);

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

/// <summary>A small parser: --name value, --flag; no positional arguments.</summary>
internal static class CommandLine
{
    public static ParsedOptions Parse(string[] args, IReadOnlyList<OptionSpec> specs)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{arg}'; options are written --name value.");
            }

            string name = arg[2..];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            OptionSpec spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new UsageException($"unknown option '--{name}'.");
            string value;
            if (spec.IsFlag)
            {
                value = "true";
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value.");
            }

            if (!values.TryGetValue(name, out List<string>? list))
            {
                values[name] = list = [];
            }
            else if (!spec.Repeatable)
            {
                throw new UsageException($"--{name} is given twice.");
            }

            list.Add(value);
        }

        foreach (OptionSpec spec in specs)
        {
            if (!values.ContainsKey(spec.Name))
            {
                if (spec.Required)
                {
                    throw new UsageException($"--{spec.Name} is required.");
                }

                if (spec.Default is not null)
                {
                    values[spec.Name] = [spec.Default];
                }
            }
        }

        return new ParsedOptions(values);
    }

    public static string Help(string usage, string description, IReadOnlyList<OptionSpec> specs, string? example = null)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(usage).AppendLine().AppendLine(description).AppendLine().AppendLine("Options:");
        foreach (OptionSpec s in specs)
        {
            string left = s.IsFlag ? $"--{s.Name}" : $"--{s.Name} <value>";
            string right = s.Help + (s.Required ? " (required)" : "") + (s.Default is null ? "" : $" (default: {s.Default})");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {left,-26} {right}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {"--help",-26} Show this help.");
        if (example is not null)
        {
            text.AppendLine().AppendLine("Example:").AppendLine("  " + example);
        }

        return text.ToString();
    }
}
