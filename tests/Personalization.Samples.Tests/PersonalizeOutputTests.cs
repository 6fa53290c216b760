using Personalization.Cli;

namespace Personalization.Samples.Tests;

/// <summary>Results are all-or-nothing, replace planted links instead of following them, and defuse spreadsheet formulas (issue 16, class 8).</summary>
public sealed class PersonalizeOutputTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Features_JsonCannotBeWritten_KeepsThePreviousCsvAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 2);
        string output = folder.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "features.csv"), "previous run\n");
        Directory.CreateDirectory(Path.Combine(output, "features.json")); // the JSON's name is taken by a folder

        (int exit, _, string error) = Run("features", "--input", input, "--output", output);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("features.json", error, StringComparison.Ordinal);
        Assert.Equal("previous run\n", File.ReadAllText(Path.Combine(output, "features.csv")));
        Assert.DoesNotContain(Directory.GetFiles(output), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Features_Success_WritesBothFilesAndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 2);
        string output = folder.File("out");

        (int exit, _, string error) = Run("features", "--input", input, "--output", output);

        Assert.True(exit == 0, error);
        Assert.Equal(["features.csv", "features.json"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Features_PlantedSymlink_IsReplacedAndItsTargetUntouched()
    {
        using var folder = new TempFolder();
        string input = PersonalizeDegenerateFitTests.Customers(folder, groups: 2);
        string output = folder.File("out");
        Directory.CreateDirectory(output);
        string victim = folder.File("victim.txt");
        File.WriteAllText(victim, "do not overwrite");
        File.CreateSymbolicLink(Path.Combine(output, "features.csv"), victim);
        File.CreateSymbolicLink(Path.Combine(output, "features.json"), folder.File("dangling-target"));

        (int exit, _, string error) = Run("features", "--input", input, "--output", output);

        Assert.True(exit == 0, error);
        Assert.Equal("do not overwrite", File.ReadAllText(victim));
        Assert.False(File.Exists(folder.File("dangling-target")));
        var csv = new FileInfo(Path.Combine(output, "features.csv"));
        Assert.Null(csv.LinkTarget);
        Assert.StartsWith("customer_id,", File.ReadAllText(csv.FullName), StringComparison.Ordinal);
        Assert.Null(new FileInfo(Path.Combine(output, "features.json")).LinkTarget);
    }

    [Fact]
    public void Features_FormulaLikeCustomerIds_AreDefusedAndNumbersKept()
    {
        using var folder = new TempFolder();
        string input = folder.File("tx.csv");
        File.WriteAllText(input, """
            customer_id,order_id,timestamp,quantity,unit_price
            "=HYPERLINK(""http://x"",""y"")",o1,2011-01-03T10:00:00,1,5
            @SUM(A1),o2,2011-01-04T10:00:00,2,5
            -42,o3,2011-01-05T10:00:00,1,7
            +cmd,o4,2011-01-06T10:00:00,1,9
            -1.5e3,o5,2011-01-07T10:00:00,1,3

            """);

        (int exit, _, string error) = Run("features", "--input", input, "--output", folder.Path);

        Assert.True(exit == 0, error);
        string[] ids = Outputs.ReadCsv(folder.File("features.csv")).Skip(1).Select(r => r[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["'+cmd", "'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", "-1.5e3", "-42"], ids);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("+A1", "'+A1")]
    [InlineData("-A1", "'-A1")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("+3", "+3")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("=a,b", "\"'=a,b\"")]
    public void Escape_TextCell_DefusesFormulasOnly(string text, string expected) => Assert.Equal(expected, CsvOutput.Escape(text));

    [Fact]
    public void Escape_NegativeNumber_StaysANumber()
    {
        Assert.Equal("-1.5", CsvOutput.Escape(-1.5));
        Assert.Equal("-7", CsvOutput.Escape(-7));
        Assert.Equal("-1E-05", CsvOutput.Escape(-0.00001));
    }
}
