using Personalization.Cli;

namespace Personalization.Samples.Tests;

public sealed class PersonalizeCliTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Segment_KAutoOnOnlineRetailSlice_WritesCsvAndJson()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 30_000);

        (int exit, string output, string error) = Run("segment", "--input", slice, "--k", "auto", "--output", folder.Path);

        Assert.True(exit == 0, error);
        Assert.Contains("segments", output, StringComparison.Ordinal);
        var json = Outputs.ReadJson(folder.File("segments.json"));
        Assert.Equal("personalize.segment/v1", json.GetProperty("schema").GetString());
        Assert.Equal("auto", json.GetProperty("kMode").GetString());
        int k = json.GetProperty("chosenK").GetInt32();
        Assert.InRange(k, 3, 8);
        string[][] csv = Outputs.ReadCsv(folder.File("segments.csv"));
        Assert.Equal(["customer_id", "segment", "persona", "recommended_offer"], csv[0]);
        Assert.Equal(json.GetProperty("customers").GetInt32(), csv.Length - 1);
    }

    [Fact]
    public void Segment_MalformedRow_ExitsTwoNamingTheLine()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 500);
        string[] lines = File.ReadAllLines(slice);
        string[] cells = lines[56].Split(',');
        cells[3] = "six"; // Quantity of line 57 (header is line 1)
        lines[56] = string.Join(',', cells);
        File.WriteAllLines(slice, lines);

        (int exit, _, string error) = Run("segment", "--input", slice, "--k", "auto", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(":57:", error, StringComparison.Ordinal);
        Assert.Contains("Quantity", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(folder.File("segments.csv")));
    }

    [Fact]
    public void Features_SkipBadRows_SkipsAndSucceeds()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 2_000);
        string[] lines = File.ReadAllLines(slice);
        string[] cells = lines[10].Split(',');
        cells[^3] = "abc"; // UnitPrice
        lines[10] = string.Join(',', cells);
        File.WriteAllLines(slice, lines);

        (int exit, string output, _) = Run("features", "--input", slice, "--skip-bad-rows", "--output", folder.Path);

        Assert.Equal(0, exit);
        Assert.Contains("Skipped 1 malformed row", output, StringComparison.Ordinal);
        var json = Outputs.ReadJson(folder.File("features.json"));
        Assert.Equal("personalize.features/v1", json.GetProperty("schema").GetString());
        Assert.Equal(1, json.GetProperty("input").GetProperty("rowsRejected").GetInt64());
        string[][] csv = Outputs.ReadCsv(folder.File("features.csv"));
        Assert.Equal("customer_id", csv[0][0]);
        Assert.Equal(json.GetProperty("customers").GetInt32(), csv.Length - 1);
    }

    [Fact]
    public void AbTest_HillstromSlice_WritesResultsAndDecisions()
    {
        using var folder = new TempFolder();
        string input = folder.File("hillstrom_slice.csv");
        File.WriteAllLines(input, File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(8001));

        (int exit, _, string error) = Run("abtest", "--input", input, "--arm-column", "segment", "--control", "No E-Mail",
            "--metric", "visit", "--metric", "spend", "--covariate", "history", "--output", folder.Path);

        Assert.True(exit == 0, error);
        var json = Outputs.ReadJson(folder.File("abtest.json"));
        Assert.Equal("personalize.abtest/v1", json.GetProperty("schema").GetString());
        Assert.Equal(8000, json.GetProperty("input").GetProperty("rows").GetInt32());
        Assert.Equal(2, json.GetProperty("decisions").GetArrayLength());
        string[][] csv = Outputs.ReadCsv(folder.File("abtest.csv"));
        Assert.Equal(1 + (2 * 3), csv.Length); // two arms x (visit z, spend Welch, spend CUPED)
    }

    [Theory]
    [InlineData("features")]
    [InlineData("segment")]
    [InlineData("abtest")]
    public void Help_EveryVerb_PrintsUsageAndExitsZero(string verb)
    {
        (int exit, string output, _) = Run(verb, "--help");

        Assert.Equal(0, exit);
        Assert.StartsWith("Usage: personalize " + verb, output, StringComparison.Ordinal);
        Assert.Contains("--input", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownVerbOrOption_ExitsOneWithOneLine()
    {
        (int exit, _, string error) = Run("cluster");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("unknown command 'cluster'", error, StringComparison.Ordinal);

        (exit, _, error) = Run("segment", "--input", "x.csv", "--colour", "red");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("unknown option '--colour'", error, StringComparison.Ordinal);

        (exit, _, error) = Run("segment", "--input", "x.csv", "--k", "zero");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--k must be a whole number", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ExitsTwo()
    {
        (int exit, _, string error) = Run("segment", "--input", "/nonexistent/transactions.csv");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
