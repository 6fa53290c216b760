namespace Personalization.Samples.Tests;

public sealed class RetailSegmentationTests
{
    [Fact]
    public void Run_OnlineRetailSlice_PrintsTablesAndWritesAudienceJsonModelsAndCharts()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 40_000);
        string output = Path.Combine(folder.Path, "out");
        using var console = new StringWriter();

        int exit = RetailSegmentationSample.Run([slice, "--output", output], console);

        Assert.Equal(0, exit);
        string text = console.ToString();
        Assert.Contains("Choosing k", text, StringComparison.Ordinal);
        Assert.Contains("<- chosen", text, StringComparison.Ordinal);
        Assert.Contains("Promotion playbook", text, StringComparison.Ordinal);

        var summary = Outputs.ReadJson(Path.Combine(output, "segments.json"));
        int k = summary.GetProperty("chosenK").GetInt32();
        Assert.InRange(k, 3, 8);
        Assert.Equal(40_000, summary.GetProperty("rowsRead").GetInt64());
        Assert.Equal(k, summary.GetProperty("segments").GetArrayLength());
        foreach (var candidate in summary.GetProperty("chooseK").EnumerateArray())
        {
            Assert.InRange(candidate.GetProperty("silhouette").GetDouble(), -1, 1);
            Assert.True(candidate.GetProperty("daviesBouldin").GetDouble() > 0);
        }

        string[][] audience = Outputs.ReadCsv(Path.Combine(output, "audience.csv"));
        Assert.Equal(["customer_id", "segment", "persona", "recommended_offer"], audience[0]);
        Assert.Equal(summary.GetProperty("customers").GetInt32(), audience.Length - 1);
        Assert.All(audience[1..], row => Assert.InRange(int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), 0, k - 1));
        Assert.Equal(audience.Length - 1, audience[1..].Select(r => r[0]).Distinct().Count());

        Assert.True(File.Exists(Path.Combine(output, "kmeans.model.json")));
        Assert.True(File.Exists(Path.Combine(output, "segmentation.model.json")));
        Assert.Contains("Drift report", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "drift.json")));
        Outputs.AssertPng(Path.Combine(output, "choose_k.png"));
        Outputs.AssertPng(Path.Combine(output, "segments_pca.png"));
        Outputs.AssertPng(Path.Combine(output, "segment_profiles.png"));

        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", report, StringComparison.Ordinal);
        Assert.Contains("id=\"scatter-chart\"", report, StringComparison.Ordinal);
        Assert.Contains("id=\"heat-map-chart\"", report, StringComparison.Ordinal);
        Assert.Contains("Verdict: <span class=\"level-", report, StringComparison.Ordinal);
        Assert.Equal(k, summary.GetProperty("segments").EnumerateArray().Count(s => report.Contains(System.Net.WebUtility.HtmlEncode(s.GetProperty("persona").GetString()!), StringComparison.Ordinal)));
        Assert.Contains("report.html", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CustomerFileWithOptIn_ExportsOnlyOptedInCustomers()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 20_000);
        string output = Path.Combine(folder.Path, "out");
        string customers = folder.File("customers.csv");
        // Opt in every customer whose id is even.
        var ids = Outputs.ReadCsv(slice).Skip(1).Select(r => r[6]).Where(id => id.Length > 0).Distinct().ToArray();
        File.WriteAllLines(customers, ["customer_id,opt_in", .. ids.Select(id => $"{id},{(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? "true" : "false")}")]);
        using var console = new StringWriter();

        RetailSegmentationSample.Run([slice, "--output", output, "--k", "3", "--customers", customers], console);

        string[][] audience = Outputs.ReadCsv(Path.Combine(output, "audience.csv"));
        Assert.True(audience.Length > 10);
        Assert.All(audience[1..], row => Assert.Equal(0, int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture) % 2));
        Assert.Contains("excluded for no opt-in", console.ToString(), StringComparison.Ordinal);
    }
}
