using System.Collections.Immutable;

namespace Personalization.Experiments.Tests;

public sealed class AnalysisTests
{
    [Fact]
    public void RelativeLift_Proportions_MatchesDeltaMethod()
    {
        LiftEstimate lift = RelativeLift.Proportions(new ProportionSummary(1000, 100), new ProportionSummary(1000, 125));
        Assert.Equal(0.25, lift.Lift, 1e-14);
        double va = 0.1 * 0.9 / 1000, vb = 0.125 * 0.875 / 1000;
        double se = Math.Sqrt((vb / 0.01) + (0.125 * 0.125 * va / 1e-4));
        Assert.Equal(se, lift.StandardError, 1e-14);
        Assert.Equal(0.25 - (1.959963984540054 * se), lift.ConfidenceInterval.Lower, 1e-12);
    }

    [Fact]
    public void RelativeLift_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RelativeLift.Proportions(new ProportionSummary(10, 0), new ProportionSummary(10, 1)));
        Assert.Throws<ArgumentException>(() => RelativeLift.Means(SampleSummary.FromMoments(1, 1, 0), SampleSummary.FromMoments(5, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelativeLift.FromMeans(1, -1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelativeLift.FromMeans(double.NaN, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelativeLift.FromMeans(1, 1, 1, 1, 1.5));
    }

    [Fact]
    public void RatioMetric_ConstantDenominator_ReducesToWelchZOnMeans()
    {
        // With one order per unit, revenue per order is the mean revenue and the delta variance is s^2 / n.
        double[] ya = [3, 5, 4, 8, 2, 6], yb = [6, 7, 5, 9, 8, 10, 7];
        double[] xa = Enumerable.Repeat(1.0, ya.Length).ToArray(), xb = Enumerable.Repeat(1.0, yb.Length).ToArray();
        TestResult ratio = RatioMetricTest.Test(ya, xa, yb, xb);
        TestResult welch = TTest.Welch(ya, yb);
        Assert.Equal(welch.Statistic, ratio.Statistic, 1e-12);
        Assert.Equal(welch.Estimate, ratio.Estimate, 1e-12);
    }

    [Fact]
    public void RatioMetric_SumsEqualSamples()
    {
        double[] y = [10, 0, 35, 20, 5], x = [1, 0, 3, 2, 1];
        RatioSummary s = RatioSummary.FromSamples(y, x);
        RatioSummary t = RatioSummary.FromSums(5, y.Sum(), x.Sum(), y.Sum(v => v * v), x.Sum(v => v * v), y.Zip(x, (a, b) => a * b).Sum());
        Assert.Equal(70.0 / 7, s.Ratio, 1e-14);
        Assert.Equal(s.RatioVariance, t.RatioVariance, 1e-12);
    }

    [Fact]
    public void RatioMetric_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RatioSummary.FromSamples([1.0, 2], [0.0, 0]));
        Assert.Throws<ArgumentException>(() => RatioSummary.FromSamples([1.0], [1.0]));
        Assert.Throws<ArgumentException>(() => RatioSummary.FromSamples([1.0, 2], [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RatioSummary.FromSums(0, 1, 1, 1, 1, 1));
        RatioSummary flat = RatioSummary.FromSamples([2.0, 2], [1.0, 1]);
        Assert.Throws<ArgumentException>(() => RatioMetricTest.Test(flat, flat));
        Assert.Throws<ArgumentOutOfRangeException>(() => RatioMetricTest.Test(flat, flat, confidenceLevel: 2));
    }

    [Fact]
    public void Bootstrap_MeanDifference_CoversWelchInterval()
    {
        var r = new Random(7);
        double[] a = Enumerable.Range(0, 400).Select(_ => r.NextDouble() * 10).ToArray();
        double[] b = Enumerable.Range(0, 400).Select(_ => 1 + (r.NextDouble() * 10)).ToArray();
        BootstrapResult boot = Bootstrap.Difference(a, b, PropertyTests.Mean, new BootstrapOptions { Seed = 3 });
        TestResult welch = TTest.Welch(a, b);
        Assert.Equal(welch.Estimate, boot.Estimate, 1e-12);
        Assert.Equal(welch.ConfidenceInterval!.Value.Lower, boot.ConfidenceInterval.Lower, 0.05);
        Assert.Equal(welch.ConfidenceInterval.Value.Upper, boot.ConfidenceInterval.Upper, 0.05);
        BootstrapResult one = Bootstrap.OneSample(a, PropertyTests.Mean, new BootstrapOptions { Seed = 3, Resamples = 500 });
        Assert.True(one.ConfidenceInterval.Contains(a.Average()));
        Assert.NotEqual(one, Bootstrap.OneSample(a, PropertyTests.Mean, new BootstrapOptions { Seed = 4, Resamples = 500 }));
    }

    [Fact]
    public void Bootstrap_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Bootstrap.OneSample([1.0], null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.OneSample([1.0], PropertyTests.Mean, new BootstrapOptions { Resamples = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.OneSample([1.0], PropertyTests.Mean, new BootstrapOptions { ConfidenceLevel = 1 }));
        Assert.Throws<ArgumentException>(() => Bootstrap.OneSample([], PropertyTests.Mean));
        Assert.Throws<ArgumentException>(() => Bootstrap.Difference([1.0], [double.NaN], PropertyTests.Mean));
    }

    [Fact]
    public void MultipleTesting_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => PValueAdjustment.Adjust([]));
        Assert.Throws<ArgumentException>(() => PValueAdjustment.Adjust([0.5, 1.5]));
        Assert.Throws<ArgumentException>(() => PValueAdjustment.Adjust([double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PValueAdjustment.Adjust([0.5], alpha: 0));
        Assert.Throws<ArgumentException>(() => PValueAdjustment.Adjust([0.5, 0.1], new double[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PValueAdjustment.Adjust([0.5], (MultipleTestingCorrection)99));
    }

    [Fact]
    public void MultiArm_HolmAcrossArms_AdjustsRawPValues()
    {
        var control = new ProportionSummary(10000, 1000);
        ProportionSummary[] arms = [new(10000, 1100), new(10000, 1010), new(10000, 1200)];
        IReadOnlyList<ArmComparison> results = MultiArmComparison.Proportions(control, arms);
        double[] raw = results.Select(c => c.Test.PValue).ToArray();
        ImmutableArray<double> holm = PValueAdjustment.Adjust(raw, MultipleTestingCorrection.Holm).Adjusted;
        Assert.Equal(holm, results.Select(c => c.AdjustedPValue).ToArray());
        Assert.True(results[2].Rejected);
        Assert.False(results[1].Rejected);
        Assert.Equal([0, 1, 2], results.Select(c => c.Arm));
        IReadOnlyList<ArmComparison> means = MultiArmComparison.Means(SampleSummary.FromMoments(100, 0, 1), [SampleSummary.FromMoments(100, 0.5, 1)], MultipleTestingCorrection.Bonferroni);
        Assert.Equal(means[0].Test.PValue, means[0].AdjustedPValue);
        Assert.Throws<ArgumentException>(() => MultiArmComparison.Proportions(control, []));
        Assert.Throws<ArgumentNullException>(() => MultiArmComparison.Means(SampleSummary.FromMoments(2, 0, 1), null!));
    }

    [Fact]
    public void Cuped_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => Cuped.Analyze([1.0, 2, 3, 4], [1.0, 1, 1, 1], [true, false, true, false]));
        Assert.Throws<ArgumentException>(() => Cuped.Analyze([1.0, 2, 3], [1.0, 2, 3], [true, false, false]));
        Assert.Throws<ArgumentException>(() => Cuped.Analyze([1.0, 2, 3], [1.0, 2], [true, false, false]));
        Assert.Throws<ArgumentException>(() => CovariateSummary.FromSamples([1.0, double.NaN], [1.0, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CovariateSummary.FromSums(0, 1, 1, 1, 1, 1));
    }

    [Fact]
    public void Cuped_SumsEqualSamples_AndReduceVariance()
    {
        var r = new Random(11);
        double[] x = Enumerable.Range(0, 200).Select(_ => r.NextDouble() * 100).ToArray();
        bool[] t = Enumerable.Range(0, 200).Select(i => i % 2 == 0).ToArray();
        double[] y = x.Select((v, i) => (0.8 * v) + (r.NextDouble() * 20) + (t[i] ? 5 : 0)).ToArray();
        CupedResult raw = Cuped.Analyze(y, x, t);
        CovariateSummary Sums(bool arm)
        {
            double[] yy = y.Where((_, i) => t[i] == arm).ToArray(), xx = x.Where((_, i) => t[i] == arm).ToArray();
            return CovariateSummary.FromSums(yy.Length, yy.Sum(), xx.Sum(), yy.Sum(v => v * v), xx.Sum(v => v * v), yy.Zip(xx, (p, q) => p * q).Sum());
        }

        CupedResult sums = Cuped.Analyze(Sums(false), Sums(true));
        Assert.Equal(raw.Theta, sums.Theta, 1e-9);
        Assert.Equal(raw.Test.PValue, sums.Test.PValue, 1e-9);
        Assert.True(raw.VarianceReduction > 0.5);
        Assert.True(raw.Test.PValue < TTest.Welch(y.Where((_, i) => !t[i]).ToArray(), y.Where((_, i) => t[i]).ToArray()).PValue);
    }

    [Fact]
    public void ExperimentAnalysis_TwoArms_BuildsTableWithCorrectTests()
    {
        List<ExperimentUnit> units = Units(seed: 5, controlSize: 2000, treatmentSize: 2000, lift: 0.4);
        var analysis = new ExperimentAnalysis(new ExperimentAnalysisOptions { GuardrailMetrics = new HashSet<string> { ExperimentAnalysis.RevenuePerConversionMetric } });
        ExperimentReport report = analysis.Analyze(units);
        Assert.Equal(["control", "B"], report.Arms);
        Assert.False(report.SampleRatioMismatch.IsMismatch);
        Assert.True(report.CupedApplied);
        MetricResult conversion = report.Results.Single(r => r.Metric == ExperimentAnalysis.ConversionMetric);
        var a = new ProportionSummary(2000, units.Count(u => u.Arm == "control" && u.Converted));
        var b = new ProportionSummary(2000, units.Count(u => u.Arm == "B" && u.Converted));
        TestResult z = TwoProportionZTest.Test(a, b);
        Assert.Equal(z.PValue, conversion.PValue);
        Assert.Equal(z.PValue, conversion.AdjustedPValue);
        Assert.Equal(ExperimentDecision.TreatmentHigher, conversion.Decision);
        Assert.Equal(GuardrailStatus.NotGuardrail, conversion.Guardrail);
        MetricResult revenue = report.Results.Single(r => r.Metric == ExperimentAnalysis.RevenueMetric);
        Assert.Equal(Cuped.Name, revenue.TestName);
        MetricResult aov = report.Results.Single(r => r.Metric == ExperimentAnalysis.RevenuePerConversionMetric);
        Assert.Equal(aov.Decision == ExperimentDecision.TreatmentLower ? GuardrailStatus.Failed : GuardrailStatus.Passed, aov.Guardrail);
        Assert.Equal(RatioMetricTest.Name, aov.TestName);
    }

    [Fact]
    public void ExperimentAnalysis_HarmedGuardrail_Fails()
    {
        List<ExperimentUnit> units = Units(seed: 12, controlSize: 3000, treatmentSize: 3000, lift: 0)
            .Select(u => u.Arm == "B" ? u with { Revenue = u.Revenue * 0.7 } : u).ToList();
        var options = new ExperimentAnalysisOptions { GuardrailMetrics = new HashSet<string> { ExperimentAnalysis.RevenueMetric } };
        MetricResult revenue = new ExperimentAnalysis(options).Analyze(units).Results.Single(r => r.Metric == ExperimentAnalysis.RevenueMetric);
        Assert.Equal(ExperimentDecision.TreatmentLower, revenue.Decision);
        Assert.Equal(GuardrailStatus.Failed, revenue.Guardrail);
        Assert.True(revenue.Lift.Lift < 0);
    }

    [Fact]
    public void ExperimentAnalysis_SampleRatioMismatch_MarksEveryRowInvalid()
    {
        List<ExperimentUnit> units = Units(seed: 6, controlSize: 2000, treatmentSize: 2300, lift: 0);
        ExperimentReport report = new ExperimentAnalysis().Analyze(units);
        Assert.True(report.SampleRatioMismatch.IsMismatch);
        Assert.All(report.Results, r => Assert.Equal(ExperimentDecision.Invalid, r.Decision));
        Assert.All(report.Results, r => Assert.True(r.SampleRatioMismatch));
        ExperimentReport planned = new ExperimentAnalysis(new ExperimentAnalysisOptions { ExpectedAllocation = new Dictionary<string, double> { ["control"] = 20, ["B"] = 23 } }).Analyze(units);
        Assert.False(planned.SampleRatioMismatch.IsMismatch);
    }

    [Fact]
    public void ExperimentAnalysis_GivenSignificanceTests_RunsThemPerArm()
    {
        List<ExperimentUnit> units = Units(seed: 8, controlSize: 1500, treatmentSize: 1500, lift: 0.3, covariates: false);
        units.AddRange(Units(seed: 9, controlSize: 0, treatmentSize: 1500, lift: 0, covariates: false, arm: "C"));
        var conversion = new CountingProportionTest();
        var options = new ExperimentAnalysisOptions { ConversionTest = conversion, RevenueTest = new MeanDifferenceTest(equalVariances: true) };
        ExperimentReport report = new ExperimentAnalysis(options).Analyze(units);

        Assert.Equal(2, conversion.Calls);
        Assert.All(report.Results.Where(r => r.Metric == ExperimentAnalysis.ConversionMetric), r => Assert.Equal(CountingProportionTest.TestName, r.TestName));
        MetricResult revenue = report.Results.First(r => r.Metric == ExperimentAnalysis.RevenueMetric);
        Assert.Equal(TTest.StudentName, revenue.TestName);
        SampleSummary control = SampleSummary.FromSamples(units.Where(u => u.Arm == "control").Select(u => u.Revenue).ToArray());
        SampleSummary b = SampleSummary.FromSamples(units.Where(u => u.Arm == revenue.Arm).Select(u => u.Revenue).ToArray());
        Assert.Equal(TTest.Student(control, b).PValue, revenue.PValue, 12);
    }

    private sealed class CountingProportionTest : ISignificanceTest<TwoProportions>
    {
        public const string TestName = "counting z";

        public int Calls { get; private set; }

        public string Name => TestName;

        public TestResult Test(TwoProportions input, Alternative alternative = Alternative.TwoSided)
        {
            Calls++;
            TestResult z = TwoProportionZTest.Test(input.Control, input.Treatment, alternative);
            return z with { TestName = TestName };
        }
    }

    [Fact]
    public void ExperimentAnalysis_ThreeArmsWithoutCovariates_UsesWelchAndHolm()
    {
        List<ExperimentUnit> units = Units(seed: 8, controlSize: 1500, treatmentSize: 1500, lift: 0.3, covariates: false);
        units.AddRange(Units(seed: 9, controlSize: 0, treatmentSize: 1500, lift: 0, covariates: false, arm: "C"));
        ExperimentReport report = new ExperimentAnalysis().Analyze(units);
        Assert.False(report.CupedApplied);
        MetricResult[] revenue = report.Results.Where(r => r.Metric == ExperimentAnalysis.RevenueMetric).ToArray();
        Assert.Equal(2, revenue.Length);
        Assert.All(revenue, r => Assert.Equal(TTest.WelchName, r.TestName));
        ImmutableArray<double> holm = PValueAdjustment.Adjust(revenue.Select(r => r.PValue).ToArray()).Adjusted;
        Assert.Equal(holm, revenue.Select(r => r.AdjustedPValue).ToArray());
    }

    [Fact]
    public void ExperimentAnalysis_InvalidInput_Throws()
    {
        var analysis = new ExperimentAnalysis();
        Assert.Throws<ArgumentNullException>(() => analysis.Analyze(null!));
        Assert.Throws<ArgumentException>(() => analysis.Analyze([new("B", true, 1), new("B", false, 0)]));
        Assert.Throws<ArgumentException>(() => analysis.Analyze([new("control", true, 1), new("control", false, 0)]));
        Assert.Throws<ArgumentException>(() => analysis.Analyze([new("control", true, double.NaN), new("B", false, 0)]));
        Assert.Throws<ArgumentException>(() => analysis.Analyze([new("control", true, 1, double.PositiveInfinity), new("B", false, 0)]));
        Assert.Throws<ArgumentException>(() => analysis.Analyze([new("", true, 1), new("B", false, 0)]));
        Assert.Throws<ArgumentException>(() => analysis.Analyze([new("control", true, 1), new("control", true, 2), new("B", false, 0)]));
        Assert.Throws<ArgumentException>(() => new ExperimentAnalysis(new ExperimentAnalysisOptions { ControlArm = "" }).Analyze([new("B", true, 1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExperimentAnalysis(new ExperimentAnalysisOptions { Alpha = 0 }).Analyze([]));
        List<ExperimentUnit> ok = Units(seed: 1, controlSize: 10, treatmentSize: 10, lift: 0);
        Assert.Throws<ArgumentException>(() => new ExperimentAnalysis(new ExperimentAnalysisOptions { ExpectedAllocation = new Dictionary<string, double> { ["control"] = 1 } }).Analyze(ok));
    }

    private static List<ExperimentUnit> Units(int seed, int controlSize, int treatmentSize, double lift, bool covariates = true, string arm = "B")
    {
        var r = new Random(seed);
        var units = new List<ExperimentUnit>();
        void Add(string name, int n, double rateLift)
        {
            for (int i = 0; i < n; i++)
            {
                double pre = r.NextDouble() * 100;
                bool converted = r.NextDouble() < 0.1 * (1 + rateLift);
                double revenue = converted ? 20 + (0.5 * pre) + (r.NextDouble() * 10) : 0;
                units.Add(new ExperimentUnit(name, converted, revenue, covariates ? pre : null));
            }
        }

        Add("control", controlSize, 0);
        Add(arm, treatmentSize, lift);
        return units;
    }
}
