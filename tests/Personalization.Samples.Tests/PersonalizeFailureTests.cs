using System.Diagnostics;
using Personalization.Cli;

namespace Personalization.Samples.Tests;

/// <summary>The tool never crashes: every failure is exit 1 or 2 with one line naming what to fix (issue 16, class 7).</summary>
public sealed class PersonalizeFailureTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built tool as a child process through the shell, so redirections such as <c>&gt; /dev/full</c> apply.</summary>
    internal static (int Exit, string Error) RunProcess(string shellArguments)
    {
        string dll = typeof(PersonalizeCli).Assembly.Location;
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"{dll}\" {shellArguments}");
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    private static void AssertOneLine(string error) => Assert.Single(error.Trim().Split('\n'));

    [Fact]
    public void Features_UnwritableOutputFolder_ExitsTwoNamingTheFolder()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 2);

        // /proc refuses new files even for root, so this holds whoever runs the tests.
        (int exit, _, string error) = Run("features", "--input", input, "--output", "/proc");

        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error);
        Assert.Contains("cannot write the results to --output '/proc'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_OutputIsAFile_ExitsTwo()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 2);
        string file = folder.File("not-a-folder.txt");
        File.WriteAllText(file, "x");

        (int exit, _, string error) = Run("features", "--input", input, "--output", file);

        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error);
        Assert.Contains("is a file, not a folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_OutputIsTheInputFile_ExitsOneAndKeepsTheInput()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 2);
        byte[] before = File.ReadAllBytes(input);

        (int exit, _, string error) = Run("features", "--input", input, "--output", input);

        Assert.Equal(ExitCodes.Usage, exit);
        AssertOneLine(error);
        Assert.Contains("is the input file", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Theory]
    [InlineData("features", "features.csv")]
    [InlineData("features", "features.json")]
    [InlineData("segment", "segments.csv")]
    public void Run_ResultWouldReplaceTheInput_ExitsOneAndKeepsTheInput(string verb, string inputName)
    {
        using var folder = new TempFolder();
        string input = folder.File(inputName);
        File.Move(PersonalizeDegenerateFitTests.Customers(folder, groups: 4), input);
        byte[] before = File.ReadAllBytes(input);

        (int exit, _, string error) = Run(verb, "--input", input, "--output", folder.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        AssertOneLine(error);
        Assert.Contains("would replace the input file", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Run_InputReachedThroughALinkedOutputFolder_ExitsOne()
    {
        using var folder = new TempFolder();
        string input = folder.File("features.csv");
        File.Move(PersonalizeDegenerateFitTests.Customers(folder, groups: 2), input);
        string link = folder.File("alias");
        Directory.CreateSymbolicLink(link, folder.Path);

        (int exit, _, string error) = Run("features", "--input", input, "--output", link);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("would replace the input file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_StdoutIsDevFull_ExitsTwoWithOneLineAndWritesNothing()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 2);
        string output = folder.File("out");

        (int exit, string error) = RunProcess($"features --input \"{input}\" --output \"{output}\" > /dev/full");

        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error);
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "features.csv")));
        Assert.Empty(Directory.Exists(output) ? Directory.GetFileSystemEntries(output) : []);
    }

    [Fact]
    public void Process_SegmentOnIdenticalCustomers_ExitsTwoNotACrash()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 1);

        (int exit, string error) = RunProcess($"segment --input \"{input}\" --k 3 --output \"{folder.Path}\" > /dev/null");

        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metric", "segment")]
    [InlineData("--covariate", "segment")]
    public void AbTest_MetricOrCovariateIsTheArmColumn_ExitsOne(string option, string value)
    {
        using var folder = new TempFolder();
        string input = folder.File("ab.csv");
        File.WriteAllText(input, "segment,visit\nA,1\nB,0\nA,0\nB,1\n");
        string[] args = option == "--metric"
            ? ["abtest", "--input", input, "--arm-column", "segment", "--control", "A", "--metric", value, "--output", folder.Path]
            : ["abtest", "--input", input, "--arm-column", "segment", "--control", "A", "--metric", "visit", option, value, "--output", folder.Path];

        (int exit, _, string error) = Run(args);

        Assert.Equal(ExitCodes.Usage, exit);
        AssertOneLine(error);
        Assert.Contains("'segment' is the --arm-column", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnforeseenException_ExitsTwoWithOneLine()
    {
        using var stderr = new StringWriter();

        int exit = PersonalizeCli.Run(["--version"], new ThrowingWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(stderr.ToString());
        Assert.Contains("unexpected error (NotSupportedException)", stderr.ToString(), StringComparison.Ordinal);
    }

    private sealed class ThrowingWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw new NotSupportedException("this writer refuses output");

        public override void WriteLine(string? value) => throw new NotSupportedException("this writer refuses output");
    }
}
