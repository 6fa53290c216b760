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
    }
}
