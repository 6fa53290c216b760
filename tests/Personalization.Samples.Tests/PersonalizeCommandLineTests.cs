using System.Diagnostics;
using System.Text.RegularExpressions;
using Personalization.Cli;

namespace Personalization.Samples.Tests;

/// <summary>The System.CommandLine surface of <c>personalize</c>: help, completion, and usage errors as one line with exit 1.</summary>
public sealed class PersonalizeCommandLineTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Run_NoArguments_PrintsTheHelpAndExitsOne()
    {
        (int exit, string output, string error) = Run();

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", error);
        foreach (string verb in (string[])["features", "segment", "uplift", "abtest", "export-sql", "completions"])
        {
            Assert.Contains("  " + verb + " ", output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes: 0 success, 1 bad command line, 2 missing or malformed input", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Run_Help_PrintsTheCommandsAndExitsZero(string help)
    {
        (int exit, string output, _) = Run(help);

        Assert.Equal(0, exit);
        Assert.Contains("personalize - customer features, segments, uplift and A/B analysis", output, StringComparison.Ordinal);
        Assert.Contains("export-sql", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Segment_ListsEveryOptionWithItsDefault()
    {
        (int exit, string output, _) = Run("help", "segment");

        Assert.Equal(0, exit);
        Assert.StartsWith("Usage: personalize segment", output, StringComparison.Ordinal);
        Assert.Contains("--min-k <value>", output, StringComparison.Ordinal);
        Assert.Contains("[default: auto]", output, StringComparison.Ordinal);
        Assert.Contains("--skip-bad-rows ", output, StringComparison.Ordinal);
        Assert.Contains("Example:\n  personalize segment --input online_retail.csv.gz", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_AbTest_MarksRequiredOptions()
    {
        (_, string output, _) = Run("abtest", "--help");

        Assert.Contains("The column naming each unit's arm. (required)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_OptionPrefix_CompletesTheOptionName()
    {
        (int exit, string output, _) = Run("[suggest:25]", "personalize features --eng");

        Assert.Equal(0, exit);
        Assert.Equal(["--engine"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("personalize features --engine ", "duckdb memory")]
    [InlineData("personalize uplift --learner ", "causal-forest class dr r s t uplift-forest x")]
    [InlineData("personalize export-sql --dialect ", "duckdb postgres")]
    [InlineData("personalize seg", "segment")]
    public void Suggest_OptionValueOrVerb_CompletesTheChoices(string line, string expected)
    {
        (int exit, string output, _) = Run($"[suggest:{line.Length}]", line);

        Assert.Equal(0, exit);
        Assert.Equal(expected, string.Join(' ', output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _personalize_complete personalize")]
    [InlineData("zsh", "compdef _personalize_complete personalize")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName personalize")]
    public void Completions_Shell_PrintsAScriptUsingTheSuggestDirective(string shell, string registration)
    {
        (int exit, string output, _) = Run("completions", shell);

        Assert.Equal(0, exit);
        Assert.Contains(registration, output, StringComparison.Ordinal);
        Assert.Contains("personalize \"[suggest:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "completions", "fish" }, "personalize completions: Argument 'fish' not recognized. Must be one of: 'bash' 'zsh' 'pwsh'.")]
    [InlineData(new[] { "segment", "extra" }, "personalize segment: unexpected argument 'extra'; options are written --name value.")]
    [InlineData(new[] { "segment", "--k" }, "personalize segment: Required argument missing for option: '--k'.")]
    [InlineData(new[] { "segment", "--input", "a.csv", "--input", "b.csv" }, "personalize segment: Option '--input' expects a single argument but 2 were provided.")]
    [InlineData(new[] { "abtest", "--input", "a.csv" }, "personalize abtest: --arm-column is required.")]
    [InlineData(new[] { "--colour" }, "personalize: unknown option '--colour'.")]
    public void Run_BadCommandLine_ExitsOneWithOneLine(string[] args, string reason)
    {
        (int exit, string output, string error) = Run(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith(reason + " Run '", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InlineValueAndRepeatedMetric_AreParsed()
    {
        using var folder = new TempFolder();
        string input = folder.File("ab.csv");
        File.WriteAllText(input, "arm,visit,spend\nA,1,3\nB,0,1\nA,0,2\nB,1,5\nA,1,4\nB,1,6\n");

        (int exit, _, string error) = Run("abtest", "--input=" + input, "--arm-column", "arm", "--control", "A", "--metric", "visit", "--metric", "spend", "--output", folder.Path);

        Assert.True(exit == 0, error);
        string[][] csv = Outputs.ReadCsv(folder.File("abtest.csv"));
        Assert.Equal(["visit", "spend"], csv.Skip(1).Select(r => r[1]).ToArray());
    }

    [Fact]
    public void Run_ValueStartingWithAt_IsAValueNotAResponseFile()
    {
        (int exit, _, string error) = Run("features", "--input", "@transactions.csv");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("@transactions.csv: the input file does not exist.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsThePackageVersionAndTheCommitOfTheBuild()
    {
        (int exit, string output, string error) = Run("--version");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Match line = Regex.Match(output, @"^personalize (?<version>[0-9]+\.[0-9]+\.[0-9]+) \(commit (?<commit>[0-9a-f]{40})\)\r?\n$");
        Assert.True(line.Success, $"unexpected --version output: {output}");
        Assert.Equal(typeof(PersonalizeCli).Assembly.GetName().Version!.ToString(3), line.Groups["version"].Value);
        // The commit is one of this repository's: the HEAD the tool was built from.
        var git = new ProcessStartInfo("git", ["cat-file", "-t", line.Groups["commit"].Value])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(git)!;
        string type = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal("commit", type);
    }

    [Fact]
    public void Version_WithAVerb_IsAUsageError()
    {
        (int exit, _, string error) = Run("features", "--version");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("unknown option '--version'", error, StringComparison.Ordinal);
    }
}
