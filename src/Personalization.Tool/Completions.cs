using System.CommandLine;

namespace Personalization.Cli;

/// <summary>
/// <c>personalize completions bash|zsh|pwsh</c>: prints a script that wires the shell's completion to the tool's
/// <c>[suggest]</c> directive (System.CommandLine), so verbs, options and option values complete with Tab.
/// </summary>
internal static class Completions
{
    public static Command Command(TextWriter stdout)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash, zsh or pwsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completions", "Print the shell completion script (bash, zsh or pwsh); source it from your shell's profile.") { shell };
        command.SetAction(result =>
        {
            stdout.Write(Script(result.GetValue(shell)!));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The script for <paramref name="shell"/>; each asks <c>personalize "[suggest:N]" "line"</c> for the candidates.</summary>
    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # personalize completion for bash: eval "$(personalize completions bash)"
            _personalize_complete() {
              local IFS=$'\n'
              COMPREPLY=($(personalize "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
            }
            complete -o default -F _personalize_complete personalize

            """,
        "zsh" => """
            # personalize completion for zsh: eval "$(personalize completions zsh)"
            _personalize_complete() {
              local -a candidates
              candidates=("${(@f)$(personalize "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)}")
              compadd -- "${candidates[@]}"
            }
            compdef _personalize_complete personalize

            """,
        _ => """
            # personalize completion for PowerShell: personalize completions pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName personalize -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $position = $cursorPosition - $commandAst.Extent.StartOffset
                personalize "[suggest:$position]" "$commandAst" | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };
}
