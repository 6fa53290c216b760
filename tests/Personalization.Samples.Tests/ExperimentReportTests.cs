using System.Text.Json;

namespace Personalization.Samples.Tests;

public sealed class ExperimentReportTests
{
    [Fact]
    public void Run_HillstromSlice_WritesComparisonsDecisionsAndChart()
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();

        int exit = ExperimentReportSample.Run([Outputs.SharedData("hillstrom.csv"), "--rows", "6000", "--output", folder.Path], output);

        Assert.Equal(0, exit);
        string text = output.ToString();
        Assert.Contains("Sample ratio check", text, StringComparison.Ordinal);
        Assert.Contains("no mismatch", text, StringComparison.Ordinal);

        string[][] csv = Outputs.ReadCsv(folder.File("experiment_results.csv"));
        Assert.Equal("arm", csv[0][0]);
        Assert.Equal(1 + (2 * 4), csv.Length); // two e-mails x (visit, conversion, spend, spend with CUPED)
        foreach (string[] row in csv[1..])
        {
            double p = double.Parse(row[9], System.Globalization.CultureInfo.InvariantCulture);
            double holm = double.Parse(row[10], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(p, 0, 1);
            Assert.InRange(holm, p, 1); // Holm never lowers a p-value
        }

        var json = Outputs.ReadJson(folder.File("experiment_report.json"));
        Assert.Equal(6000, json.GetProperty("customers").GetInt32());
        Assert.Equal(2, json.GetProperty("decisions").GetArrayLength());
        Outputs.AssertPng(folder.File("visit_rate_by_arm.png"));
    }

    [Fact]
    public void Run_HillstromSlice_SequentialViewIsAlwaysValid()
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();

        int exit = ExperimentReportSample.Run([Outputs.SharedData("hillstrom.csv"), "--rows", "6000", "--output", folder.Path], output);

        Assert.Equal(0, exit);
        Assert.Contains("Sequential view", output.ToString(), StringComparison.Ordinal);
        string[][] csv = Outputs.ReadCsv(folder.File("sequential_looks.csv"));
        Assert.Equal(["arm", "metric", "mixing_variance", "look", "customers", "difference", "cs_lower", "cs_upper", "always_valid_p", "naive_p", "decision"], csv[0]);
        Assert.Equal(1 + (2 * 2 * 14), csv.Length); // two e-mails x (visit, conversion) x 14 looks
        var json = Outputs.ReadJson(folder.File("experiment_report.json"));
        JsonElement sequential = json.GetProperty("sequential");
        Assert.Equal(14, sequential.GetProperty("looks").GetInt32());
        Assert.Equal(4, sequential.GetProperty("results").GetArrayLength());
        foreach (JsonElement result in sequential.GetProperty("results").EnumerateArray())
        {
            double[] p = result.GetProperty("looks").EnumerateArray().Select(l => l.GetProperty("alwaysValidPValue").GetDouble()).ToArray();
            double[] lower = result.GetProperty("looks").EnumerateArray().Select(l => l.GetProperty("lower").GetDouble()).ToArray();
            double[] upper = result.GetProperty("looks").EnumerateArray().Select(l => l.GetProperty("upper").GetDouble()).ToArray();
            long[] customers = result.GetProperty("looks").EnumerateArray().Select(l => l.GetProperty("customers").GetInt64()).ToArray();
            for (int i = 1; i < p.Length; i++)
            {
                Assert.True(p[i] <= p[i - 1], "The always-valid p-value never increases.");
                Assert.True(lower[i] >= lower[i - 1] && upper[i] <= upper[i - 1], "The confidence sequence never widens.");
                Assert.True(customers[i] > customers[i - 1]);
            }

            // The stop look is the first look whose always-valid p is at most alpha.
            int first = Array.FindIndex(p, v => v <= 0.05);
            JsonElement stop = result.GetProperty("stopLook");
            int? expected = first < 0 ? null : first + 1;
            int? actual = stop.ValueKind == JsonValueKind.Null ? null : stop.GetInt32();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Run_FullHillstromVisits_MensEmailShips()
    {
        // The published result: both e-mails lift visits; the Mens e-mail by about 7.7 points (18.3% vs 10.6%).
        using var folder = new TempFolder();
        using var output = new StringWriter();

        ExperimentReportSample.Run([Outputs.SharedData("hillstrom.csv"), "--output", folder.Path], output);

        string[][] csv = Outputs.ReadCsv(folder.File("experiment_results.csv"));
        string[] mensVisit = csv.First(r => r[0] == "Mens E-Mail" && r[1] == "visit");
        Assert.Equal(0.106, double.Parse(mensVisit[3], System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.Equal(0.183, double.Parse(mensVisit[4], System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.Contains("Mens E-Mail: ship", output.ToString(), StringComparison.Ordinal);

        // A 7.7-point lift is plain after the first of 14 daily looks; the always-valid test may stop there.
        Assert.Contains("Mens E-Mail, visit: mSPRT could have stopped at look 1 of 14", output.ToString(), StringComparison.Ordinal);
    }
}
