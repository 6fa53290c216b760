namespace Personalization.Cli;

/// <summary>A verb of the tool.</summary>
internal interface ICommand
{
    string Name { get; }

    string Summary { get; }

    IReadOnlyList<OptionSpec> Options { get; }

    string Help { get; }

    int Execute(ParsedOptions options, TextWriter stdout);
}
