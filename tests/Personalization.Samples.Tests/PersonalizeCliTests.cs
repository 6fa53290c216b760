using System.Globalization;
using System.Text.Json;
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
        Assert.StartsWith("Rule Silhouette", json.GetProperty("chooseKReason").GetString(), StringComparison.Ordinal);
        JsonElement[] segments = json.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(k, segments.Length);
        Assert.Equal(k, segments.Select(s => s.GetProperty("persona").GetString()).Distinct().Count());
        Assert.All(segments, s => Assert.Contains(s.GetProperty("play").GetProperty("offerType").GetString(), (string[])["Loyalty reward / early access", "Reactivation coupon", "Cross-sell bundle"])); // PersonaBuilder's default playbook
        string[][] csv = Outputs.ReadCsv(folder.File("segments.csv"));
        Assert.Equal(["customer_id", "segment", "persona", "recommended_offer"], csv[0]);
        Assert.Equal(json.GetProperty("customers").GetInt32(), csv.Length - 1);
        Assert.Equal("report.html", json.GetProperty("files").GetProperty("report").GetString());
        string report = File.ReadAllText(folder.File("report.html"));
        Assert.StartsWith("<!DOCTYPE html>", report, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<svg", report, StringComparison.Ordinal);
        Assert.All(segments, s => Assert.Contains(System.Net.WebUtility.HtmlEncode(s.GetProperty("persona").GetString()!), report, StringComparison.Ordinal));
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
        Assert.False(File.Exists(folder.File("report.html")));
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
    public void Features_StreamedFileWithoutCustomerIds_ExitsTwoAndWritesNothing()
    {
        // The check runs when the streamed input ends, before anything is written.
        using var folder = new TempFolder();
        string input = folder.File("tx.csv");
        File.WriteAllLines(input, ["customer_id,order_id,timestamp,quantity,unit_price", ",1,2024-01-02 10:00:00,1,9.5", ",2,2024-01-03 10:00:00,2,3"]);

        (int exit, _, string error) = Run("features", "--input", input, "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("no transaction rows with a customer id", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("features.csv")));
    }

    [Fact]
    public void Features_MalformedRowInGenericLayout_ExitsTwoAfterStreamingAndWritesNothing()
    {
        using var folder = new TempFolder();
        string input = folder.File("tx.csv");
        File.WriteAllLines(input, ["customer_id,order_id,timestamp,quantity,unit_price", "a,1,2024-01-02 10:00:00,1,9.5", "b,2,2024-01-03 10:00:00,two,3", "c,3,2024-01-04 10:00:00,1,3"]);

        (int exit, _, string error) = Run("features", "--input", input, "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(":3:", error, StringComparison.Ordinal);
        Assert.Contains("(1 malformed row(s); fix them or pass --skip-bad-rows)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("features.csv")));
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

    [Fact]
    public void Uplift_HillstromSlice_WritesRankedTargetsAndSchema()
    {
        using var folder = new TempFolder();
        string input = HillstromSlice(folder, 6000);

        (int exit, string output, string error) = RunUplift(input, folder.Path);

        Assert.True(exit == 0, error);
        Assert.Contains("Qini coefficient", output, StringComparison.Ordinal);
        var json = Outputs.ReadJson(folder.File("uplift.json"));
        Assert.Equal("personalize.uplift/v1", json.GetProperty("schema").GetString());
        JsonElement input0 = json.GetProperty("input");
        Assert.Equal(6000, input0.GetProperty("rowsRead").GetInt32());
        int used = input0.GetProperty("rowsUsed").GetInt32();
        Assert.Equal(6000, used + input0.GetProperty("rowsOtherArms").GetInt32());
        JsonElement treatment = json.GetProperty("treatment");
        Assert.Equal("Womens E-Mail", treatment.GetProperty("treated").GetString());
        Assert.Equal(used, treatment.GetProperty("controlRows").GetInt32() + treatment.GetProperty("treatedRows").GetInt32());
        JsonElement outcome = json.GetProperty("outcome");
        Assert.True(outcome.GetProperty("binary").GetBoolean());
        Assert.True(outcome.GetProperty("treatedMean").GetDouble() > outcome.GetProperty("controlMean").GetDouble(), "The Womens e-mail raises visits in Hillstrom.");
        Assert.Equal("t", json.GetProperty("learner").GetString());
        Assert.Contains("zip_code=Urban", json.GetProperty("features").EnumerateArray().Select(e => e.GetString()));

        JsonElement holdout = json.GetProperty("holdout");
        int held = holdout.GetProperty("rows").GetInt32();
        Assert.Equal((int)Math.Round(used * 0.3), held);
        Assert.InRange(holdout.GetProperty("qiniCoefficient").GetDouble(), -1, 1);
        Assert.InRange(holdout.GetProperty("auuc").GetDouble(), -1, 1);
        Assert.Equal(5, holdout.GetProperty("upliftAtK").GetArrayLength());
        Assert.All(holdout.GetProperty("upliftAtK").EnumerateArray(), k => Assert.InRange(k.GetProperty("uplift").GetDouble(), -1, 1));

        JsonElement targeting = json.GetProperty("targeting");
        int targeted = targeting.GetProperty("targeted").GetInt32();
        Assert.InRange(targeted, 1, (int)Math.Floor(0.3 * used));
        Assert.True(targeting.GetProperty("predictedIncrementalOutcome").GetDouble() > 0);

        string[][] csv = Outputs.ReadCsv(folder.File("uplift.csv"));
        Assert.Equal(["id", "predicted_uplift", "rank", "target", "holdout"], csv[0]);
        string[][] rows = csv[1..];
        Assert.Equal(used, rows.Length);
        double[] uplift = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
        double[] descending = uplift.OrderDescending().ToArray();
        Assert.All(rows, r => Assert.Equal(1 + Array.FindIndex(descending, u => u == double.Parse(r[1], CultureInfo.InvariantCulture)), int.Parse(r[2], CultureInfo.InvariantCulture))); // rank = 1 + rows with a higher uplift; ties share it
        Assert.Equal(targeted, rows.Count(r => r[3] == "yes"));
        Assert.Equal(held, rows.Count(r => r[4] == "yes"));
        Assert.All(rows.Where(r => r[3] == "yes"), r => Assert.True(double.Parse(r[1], CultureInfo.InvariantCulture) > 0));
        double lowestTargeted = rows.Where(r => r[3] == "yes").Min(r => double.Parse(r[1], CultureInfo.InvariantCulture));
        Assert.All(rows.Where(r => r[3] == "no"), r => Assert.True(double.Parse(r[1], CultureInfo.InvariantCulture) <= lowestTargeted));
    }

    [Fact]
    public void Uplift_MalformedRow_ExitsTwoNamingLineAndColumn()
    {
        using var folder = new TempFolder();
        string input = HillstromSlice(folder, 300);
        string[] lines = File.ReadAllLines(input);
        string[] cells = lines[56].Split(',');
        cells[2] = "lots"; // history of line 57 (header is line 1)
        lines[56] = string.Join(',', cells);
        File.WriteAllLines(input, lines);

        (int exit, _, string error) = RunUplift(input, folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(":57: history:", error, StringComparison.Ordinal);
        Assert.Contains("'lots'", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(folder.File("uplift.json")));
    }

    [Fact]
    public void Uplift_SeveralTreatedValuesWithoutTreated_ExitsTwoListingThem()
    {
        using var folder = new TempFolder();
        string input = HillstromSlice(folder, 300);

        (int exit, _, string error) = Run("uplift", "--input", input, "--treatment", "segment", "--control", "No E-Mail", "--outcome", "visit",
            "--features", "recency,history", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("several treated values (Mens E-Mail, Womens E-Mail)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--learner", "q", "--learner must be s, t, x, dr, r, class, uplift-forest or causal-forest")]
    [InlineData("--holdout", "1.5", "--holdout must be a number greater than 0 and less than 1")]
    [InlineData("--base", "tree", "--base must be gbm, forest or linear")]
    public void Uplift_BadOption_ExitsOne(string option, string value, string reason)
    {
        (int exit, _, string error) = Run("uplift", "--input", "x.csv", "--treatment", "t", "--outcome", "y", "--features", "a", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("features")]
    [InlineData("segment")]
    [InlineData("uplift")]
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

    private static string HillstromSlice(TempFolder folder, int rows)
    {
        string input = folder.File("hillstrom_slice.csv");
        File.WriteAllLines(input, File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(rows + 1));
        return input;
    }

    private static (int Exit, string Out, string Error) RunUplift(string input, string output) =>
        Run("uplift", "--input", input, "--treatment", "segment", "--control", "No E-Mail", "--treated", "Womens E-Mail", "--outcome", "visit",
            "--features", "recency,history,mens,womens,newbie", "--categorical", "zip_code,channel", "--output", output);

    [Fact]
    public void Run_MissingFile_ExitsTwo()
    {
        (int exit, _, string error) = Run("segment", "--input", "/nonexistent/transactions.csv");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
