namespace Personalization.Experiments.Tests;

/// <summary>The code shown in docs/experiments*.md, compiled and checked.</summary>
public sealed class DocsExamplesTests
{
    [Fact]
    public void ExperimentsPage_UsageExample_Runs()
    {
        var random = new Random(1);
        var units = new List<ExperimentUnit>
        {
            new("control", Converted: true, Revenue: 42.0, Covariate: 35.0),
            new("B", Converted: false, Revenue: 0.0, Covariate: 12.0),
        };
        for (int i = 0; i < 4000; i++)
        {
            string arm = i % 2 == 0 ? "control" : "B";
            double pre = random.NextDouble() * 80;
            bool converted = random.NextDouble() < (arm == "B" ? 0.115 : 0.10);
            units.Add(new ExperimentUnit(arm, converted, converted ? 10 + (0.6 * pre) : 0, pre));
        }

        var analysis = new ExperimentAnalysis(new ExperimentAnalysisOptions
        {
            ControlArm = "control",
            GuardrailMetrics = new HashSet<string> { ExperimentAnalysis.RevenuePerConversionMetric },
        });
        ExperimentReport report = analysis.Analyze(units);
        var lines = new List<string>();
        foreach (MetricResult row in report.Results)
        {
            lines.Add($"{row.Metric} {row.Arm}: {row.Difference:+0.000;-0.000} ({row.Lift.Lift:P1}), p = {row.AdjustedPValue:G3}, {row.Decision}, guardrail {row.Guardrail}");
        }

        Assert.Equal(3, lines.Count);
        Assert.StartsWith("conversion B:", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void PowerPage_UsageExample_Runs()
    {
        double h = EffectSize.CohensH(controlRate: 0.10, treatmentRate: 0.115);
        SampleSizeEstimate n = PowerAnalysis.ProportionsSampleSize(h, alpha: 0.05, power: 0.8, ratio: 1);
        long enrol = n.RequiredTotal;
        double mdeH = PowerAnalysis.ProportionsMinimumDetectableEffect(controlSize: 5000);
        double mdeRate = EffectSize.TreatmentRateForCohensH(0.10, mdeH);
        Assert.InRange(enrol, 10_000, 20_000);
        Assert.InRange(mdeRate, 0.10, 0.12);
    }

    [Fact]
    public void SequentialPage_UsageExample_Runs()
    {
        MixtureSprtState state = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 0.01, Alpha = 0.05 });
        for (int day = 1; day <= 10; day++)
        {
            state = state.Update(new ProportionSummary(day * 1000, day * 100), new ProportionSummary(day * 1000, day * 140));
            if (state.Rejected)
            {
                break;
            }
        }

        Assert.True(state.Rejected);
        Assert.Equal(3.278721627526389, MixtureSprt.LikelihoodRatio(difference: 0.1, varianceOfDifference: 2.0 / 1000, mixingVariance: 0.01), 1e-13);
    }

    [Fact]
    public void MultipleTestingPage_UsageExample_Runs()
    {
        AdjustedPValues adj = PValueAdjustment.Adjust([0.01, 0.04, 0.03], MultipleTestingCorrection.Holm, alpha: 0.05);
        Assert.Equal([0.03, 0.06, 0.06], adj.Adjusted, new ToleranceComparer(1e-15));
        Assert.Equal<bool>([true, false, false], adj.Rejected);
    }

    [Fact]
    public void MeansPage_BootstrapMedianExample_Runs()
    {
        double[] control = [0, 0, 5, 10, 12, 0, 30, 7, 0, 3];
        double[] treatment = [0, 6, 5, 11, 14, 0, 35, 9, 2, 3];
        BootstrapResult median = Bootstrap.Difference(control, treatment, s => { s.Sort(); return s[s.Length / 2]; }, new BootstrapOptions { Seed = 42 });
        Assert.True(median.ConfidenceInterval.Lower <= median.ConfidenceInterval.Upper);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
