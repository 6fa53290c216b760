using System.Globalization;
using System.Text;
using Personalization.Cli;

namespace Personalization.Samples.Tests;

/// <summary>The tool reports degenerate fits instead of returning them as success (issue 16, class 5).</summary>
public sealed class PersonalizeDegenerateFitTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A generic-layout file: <paramref name="groups"/> groups of 5 customers; every customer of group g buys g + 1 times (same dates, same price), so each group is one distinct profile.</summary>
    internal static string Customers(TempFolder folder, int groups)
    {
        var text = new StringBuilder("customer_id,order_id,timestamp,quantity,unit_price\n");
        for (int g = 0; g < groups; g++)
        {
            for (int c = 0; c < 5; c++)
            {
                for (int o = 0; o <= g; o++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"g{g}c{c},g{g}c{c}o{o},2011-0{1 + o}-1{g}T10:00:00,{1 + g},{5 + (3 * g)}\n");
                }
            }
        }

        string path = folder.File("customers.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("2")]
    public void Segment_IdenticalCustomers_ExitsTwoWithOneLine(string k)
    {
        using var folder = new TempFolder();
        string input = Customers(folder, groups: 1);

        (int exit, _, string error) = Run("segment", "--input", input, "--k", k, "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("identical features", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("segments.csv")));
    }

    [Fact]
    public void Segment_KAboveDistinctProfiles_ExitsTwoNamingTheLimit()
    {
        using var folder = new TempFolder();
        string input = Customers(folder, groups: 2);

        (int exit, _, string error) = Run("segment", "--input", input, "--k", "3", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("only 2 distinct feature profiles", error, StringComparison.Ordinal);
        Assert.Contains("k = 2 or fewer", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_AutoRangeAboveDistinctProfiles_WarnsAndChoosesWithinThem()
    {
        using var folder = new TempFolder();
        string input = Customers(folder, groups: 4);

        (int exit, string output, string error) = Run("segment", "--input", input, "--k", "auto", "--min-k", "3", "--max-k", "8", "--output", folder.Path);

        Assert.True(exit == 0, error);
        Assert.Single(output.Split('\n'), l => l.StartsWith("Warning: ", StringComparison.Ordinal));
        Assert.Contains("only 4 distinct feature profiles", output, StringComparison.Ordinal);
        var json = Outputs.ReadJson(folder.File("segments.json"));
        int chosen = json.GetProperty("chosenK").GetInt32();
        Assert.InRange(chosen, 3, 4);
        Assert.Single(json.GetProperty("warnings").EnumerateArray());
        Assert.All(json.GetProperty("segments").EnumerateArray(), s => Assert.True(s.GetProperty("customers").GetInt32() > 0));
    }

    [Fact]
    public void Uplift_ConstantModel_WarnsAndTargetsNobody()
    {
        using var folder = new TempFolder();
        string input = folder.File("hillstrom_slice.csv");
        File.WriteAllLines(input, File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(301));

        (int exit, string output, string error) = Run("uplift", "--input", input, "--treatment", "segment", "--control", "No E-Mail", "--treated", "Womens E-Mail",
            "--outcome", "visit", "--features", "recency,history", "--output", folder.Path);

        Assert.True(exit == 0, error);
        Assert.Single(output.Split('\n'), l => l.StartsWith("Warning: every row has the same predicted uplift", StringComparison.Ordinal));
        var json = Outputs.ReadJson(folder.File("uplift.json"));
        Assert.Equal(0, json.GetProperty("targeting").GetProperty("targeted").GetInt32());
        string[][] rows = Outputs.ReadCsv(folder.File("uplift.csv"))[1..];
        Assert.All(rows, r => Assert.Equal("1", r[2])); // one tie group: everybody shares rank 1
        Assert.All(rows, r => Assert.Equal("no", r[3]));
    }

    [Fact]
    public void Uplift_TooFewTreatedRows_ExitsTwoNamingTheMinimum()
    {
        using var folder = new TempFolder();
        string input = folder.File("tiny.csv");
        var text = new StringBuilder("t,y,x\n");
        for (int i = 0; i < 200; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(i < 12 ? 1 : 0)},{i % 2},{i % 7}\n");
        }

        File.WriteAllText(input, text.ToString());

        (int exit, _, string error) = Run("uplift", "--input", input, "--treatment", "t", "--outcome", "y", "--features", "x", "--base", "linear", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("at least 10 units", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("uplift.csv")));
    }

    [Fact]
    public void Uplift_LearnerRefusal_IsOneLineWithoutParameterTail()
    {
        using var folder = new TempFolder();
        string input = folder.File("h30.csv");
        File.WriteAllLines(input, File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(31));

        (int exit, _, string error) = Run("uplift", "--input", input, "--treatment", "segment", "--control", "No E-Mail", "--treated", "Womens E-Mail",
            "--outcome", "visit", "--features", "recency,history", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.Contains("at least 10 units", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_KEqualToTheCustomers_SucceedsWithUndefinedScores()
    {
        using var folder = new TempFolder();
        string input = Customers(folder, groups: 2);

        (int exit, _, string error) = Run("segment", "--input", input, "--k", "2", "--output", folder.Path);

        Assert.True(exit == 0, error);
        var json = Outputs.ReadJson(folder.File("segments.json"));
        Assert.Equal(2, json.GetProperty("chosenK").GetInt32());
        Assert.Equal(2, json.GetProperty("segments").GetArrayLength());
    }
}
