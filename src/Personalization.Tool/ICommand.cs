namespace Personalization.Cli;

/// <summary>A verb of the tool.</summary>
internal interface ICommand
{
    string Name { get; }

    string Summary { get; }

    IReadOnlyList<OptionSpec> Options { get; }

    CommandHelp Help { get; }

    int Execute(ParsedOptions options, Terminal terminal);
}
