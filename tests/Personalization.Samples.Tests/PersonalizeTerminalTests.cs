using System.Diagnostics;
using Personalization.Cli;
using Spectre.Console;

namespace Personalization.Samples.Tests;

/// <summary>What <c>personalize</c> prints: --quiet nothing but errors, --json only the JSON summary, progress only on a terminal.</summary>
public sealed class PersonalizeTerminalTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("features")]
    [InlineData("segment")]
    public void Quiet_Success_PrintsNothingAndWritesTheFiles(string verb)
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 6);

        (int exit, string output, string error) = Run(verb, "--input", input, "--output", folder.Path, "--quiet");

        Assert.True(exit == 0, error);
        Assert.Equal("", output);
        Assert.Equal("", error);
        Assert.True(File.Exists(folder.File(verb == "features" ? "features.json" : "segments.json")));
    }

    [Fact]
    public void Quiet_BadInput_PrintsOnlyTheError()
    {
        (int exit, string output, string error) = Run("features", "--input", "/nonexistent/t.csv", "--quiet");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", output);
        Assert.Equal("personalize features: /nonexistent/t.csv: the input file does not exist.\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("features", "features.json")]
    [InlineData("segment", "segments.json")]
    public void Json_Success_PrintsExactlyTheJsonSummaryFile(string verb, string file)
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 6);

        (int exit, string output, string error) = Run(verb, "--input", input, "--output", folder.Path, "--json");

        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        Assert.Equal(File.ReadAllText(folder.File(file)) + Environment.NewLine, output);
    }

    [Fact]
    public void Json_AbTestWithSkippedRows_PrintsOnlyTheJson()
    {
        using var folder = new TempFolder();
        string input = folder.File("ab.csv");
        File.WriteAllText(input, "arm,visit\nA,1\nB,0\nA,x\nB,1\nA,0\nB,1\n");

        (int exit, string output, string error) = Run("abtest", "--input", input, "--arm-column", "arm", "--control", "A", "--metric", "visit", "--skip-bad-rows", "--output", folder.Path, "--json");

        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllText(folder.File("abtest.json")) + Environment.NewLine, output);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("input").GetProperty("rowsRejected").GetInt64());
    }

    [Fact]
    public void QuietAndJson_Together_ExitOne()
    {
        (int exit, string output, string error) = Run("features", "--input", "t.csv", "--quiet", "--json");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", output);
        Assert.Contains("--quiet and --json are exclusive", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_OnATerminal_ShowsTheStepsOnItsConsoleAndLeavesStdoutUnchanged()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 40_000);
        (int plainExit, string plain, _) = Run("segment", "--input", slice, "--k", "3", "--output", folder.File("plain"));
        using var terminal = new StringWriter();
        IAnsiConsole progress = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(terminal),
        });
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exit = PersonalizeCli.Run(["segment", "--input", slice, "--k", "3", "--output", folder.File("plain")], stdout, stderr, progress);

        Assert.Equal(0, plainExit);
        Assert.Equal(0, exit);
        Assert.Equal(plain, stdout.ToString());
        Assert.Equal("", stderr.ToString());
        string shown = terminal.ToString();
        Assert.Contains("Reading online_retail_slice.csv", shown, StringComparison.Ordinal);
        Assert.Contains("rows/s", shown, StringComparison.Ordinal);
        Assert.Contains("Fitting K-Means with k = 3", shown, StringComparison.Ordinal);
        Assert.Contains("Writing segments.csv", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_Redirected_NeverAppears()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 40_000);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["exec", typeof(PersonalizeCli).Assembly.Location, "segment", "--input", slice, "--k", "3", "--output", folder.Path])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm-256color";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string output = await stdout;

        Assert.True(process.ExitCode == 0, error);
        Assert.Equal("", error);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain("rows/s", output, StringComparison.Ordinal);
        Assert.Contains(" customers in 3 segments (k fixed)", output, StringComparison.Ordinal);
    }
}
