using Personalization.Cli;
using Spectre.Console;

// Progress is drawn on stderr, and only when both streams are a terminal: piped or redirected output is exactly the results.
bool terminal = !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb";
IAnsiConsole? progress = terminal
    ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes })
    : null;
return PersonalizeCli.Run(args, Console.Out, Console.Error, progress);
