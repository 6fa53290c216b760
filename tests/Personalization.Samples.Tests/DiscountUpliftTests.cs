namespace Personalization.Samples.Tests;

public sealed class DiscountUpliftTests
{
    [Fact]
    public void Run_HillstromSlice_EvaluatesLearnersAndComparesPolicyWithBlanketSends()
    {
        using var folder = new TempFolder();
        using var console = new StringWriter();

        int exit = DiscountUpliftSample.Run([Outputs.SharedData("hillstrom.csv"), "--rows", "12000", "--output", folder.Path], console);

        Assert.Equal(0, exit);
        string[][] evaluation = Outputs.ReadCsv(folder.File("uplift_evaluation.csv"));
        Assert.Equal(1 + (4 * 2), evaluation.Length); // S/T/X/DR x two e-mails
        var report = Outputs.ReadJson(folder.File("uplift_report.json"));
        Assert.Equal(6000, report.GetProperty("testCustomers").GetInt32());
        var strategies = report.GetProperty("strategies").EnumerateArray().ToArray();
        Assert.Equal(0, strategies[0].GetProperty("emails").GetInt32());
        Assert.Equal(0.0, strategies[0].GetProperty("measuredIncrementalVisits").GetDouble());
        // Both e-mails raised visits in the experiment, so blanket sends measure positive.
        Assert.True(strategies[1].GetProperty("measuredIncrementalVisits").GetDouble() > 0);
        Assert.True(strategies[4].GetProperty("emails").GetInt32() <= 3000);

        string[][] targeting = Outputs.ReadCsv(folder.File("targeting.csv"));
        Assert.Equal(6001, targeting.Length);
        Assert.All(targeting[1..], r => Assert.Contains(r[1], new[] { "No E-Mail", "Mens E-Mail", "Womens E-Mail" }));
        Outputs.AssertPng(folder.File("qini_curve.png"));

        string[][] engagement = Outputs.ReadCsv(folder.File("engagement_models.csv"));
        Assert.Equal(3, engagement.Length); // header, random forest, logistic regression
        Assert.All(engagement[1..], r => Assert.InRange(double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture), 0.55, 1.0));
    }
}
