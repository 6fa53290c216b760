using System.Globalization;
using System.Text.Json;
using Personalization.Cli;
using Personalization.Experiments;

namespace Personalization.Samples;

/// <summary>The ExperimentReport sample: what a campaign analyst runs after an e-mail test.</summary>
public static class ExperimentReportSample
{
    private const double Alpha = 0.05;

    // The campaign ran two weeks: replay it as 14 daily looks.
    private const int Looks = 14;

    // mSPRT mixing variances: the square of the lift we expect (about 3 points of visit rate, half a point of conversion rate).
    private const double VisitMixingVariance = 0.03 * 0.03;
    private const double ConversionMixingVariance = 0.005 * 0.005;

    private static (string Metric, double[] Values, double MixingVariance)[] SequentialMetrics(HillstromData data) =>
        [("visit", data.Visit, VisitMixingVariance), ("conversion", data.Conversion, ConversionMixingVariance)];

    public static int Run(string[] args, TextWriter output)
    {
        SampleArguments a = SampleArguments.Parse(args);
        string path = a.Input ?? SamplePaths.SharedData("hillstrom.csv");
        string outputFolder = SamplePaths.OutputFolder("ExperimentReport", a.Output);
        var progress = new ConsoleProgress(output);

        progress.Begin("Loading the experiment");
        HillstromData data = HillstromData.Load(path, a.Rows ?? int.MaxValue);
        progress.End(string.Create(CultureInfo.InvariantCulture, $"{data.Count:N0} customers from {Path.GetFileName(path)}"));

        // 1. Sample ratio mismatch: the design split customers evenly over three arms.
        var counts = new long[HillstromData.ArmNames.Length];
        foreach (int arm in data.Arm)
        {
            counts[arm]++;
        }

        SampleRatioMismatchResult srm = SampleRatioMismatch.Check(counts, [1.0, 1.0, 1.0]);
        output.WriteLine();
        output.WriteLine("Sample ratio check (designed split 1:1:1)");
        var srmTable = new ConsoleTable("arm", "customers", "share");
        for (int i = 0; i < counts.Length; i++)
        {
            srmTable.AddRow(HillstromData.ArmNames[i], counts[i], (double)counts[i] / data.Count);
        }

        srmTable.Write(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  chi-square {srm.Test.Statistic:0.00}, p = {srm.Test.PValue:0.0000}: {(srm.IsMismatch ? "MISMATCH - the assignment is broken; do not trust the results below." : "no mismatch.")}"));

        // 2. Each e-mail against no e-mail on visits, conversions and spend (with and without CUPED).
        var rows = new List<MetricRow>();
        for (int arm = 1; arm < HillstromData.ArmNames.Length; arm++)
        {
            rows.AddRange(CompareArm(data, arm));
        }

        AdjustedPValues adjusted = PValueAdjustment.Adjust(rows.Select(r => r.PValue).ToArray(), MultipleTestingCorrection.Holm, Alpha);
        for (int i = 0; i < rows.Count; i++)
        {
            rows[i] = rows[i] with { AdjustedPValue = adjusted.Adjusted[i] };
        }

        output.WriteLine();
        output.WriteLine("Treatment against control (No E-Mail); p-values adjusted with Holm across all rows");
        var table = new ConsoleTable("arm", "metric", "test", "control", "treatment", "difference", "95% CI", "relative", "p", "p (Holm)");
        foreach (MetricRow r in rows)
        {
            table.AddRow(r.Arm, r.Metric, r.Test, r.Control, r.Treatment, r.Difference,
                string.Create(CultureInfo.InvariantCulture, $"[{r.Lower:0.0000}, {r.Upper:0.0000}]"),
                string.Create(CultureInfo.InvariantCulture, $"{r.Relative:+0.0%;-0.0%}"),
                FormatP(r.PValue), FormatP(r.AdjustedPValue));
        }

        table.Write(output);

        // 3. The decision: the primary metric is visits; spend is the guardrail.
        output.WriteLine();
        output.WriteLine("Decision (primary metric: visit rate; guardrail: spend per customer must not fall)");
        var decisions = new List<ArmDecision>();
        for (int arm = 1; arm < HillstromData.ArmNames.Length; arm++)
        {
            string name = HillstromData.ArmNames[arm];
            MetricRow primary = rows.First(r => r.Arm == name && r.Metric == "visit");
            MetricRow guardrail = rows.First(r => r.Arm == name && r.Metric == "spend" && r.Test.StartsWith("CUPED", StringComparison.Ordinal));
            string verdict = srm.IsMismatch ? "investigate: sample ratio mismatch"
                : guardrail.AdjustedPValue < Alpha && guardrail.Difference < 0 ? "do not ship: spend fell"
                : primary.AdjustedPValue < Alpha && primary.Difference > 0 ? "ship"
                : primary.AdjustedPValue < Alpha ? "do not ship: visits fell"
                : "keep testing: no significant effect yet";
            decisions.Add(new ArmDecision(name, verdict, primary.Difference, primary.Relative, primary.AdjustedPValue, guardrail.Difference, guardrail.AdjustedPValue));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {verdict} (visits {primary.Difference:+0.00%;-0.00%} points, {primary.Relative:+0%;-0%} relative, p(Holm) {FormatP(primary.AdjustedPValue)}; spend {guardrail.Difference:+0.000;-0.000} per customer)"));
        }

        // 4. Sequential view: replay the campaign in equal daily looks with an always-valid mSPRT.
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sequential view: the campaign replayed as {Looks} equal daily looks (file order), mSPRT at alpha {Alpha}"));
        List<SequentialArm> sequential = [];
        foreach ((string metric, double[] values, double tau) in SequentialMetrics(data))
        {
            for (int arm = 1; arm < HillstromData.ArmNames.Length; arm++)
            {
                MetricRow fixedHorizon = rows.First(r => r.Arm == HillstromData.ArmNames[arm] && r.Metric == metric);
                sequential.Add(Sequential(data, arm, metric, values, tau, fixedHorizon));
            }
        }

        var lookTable = new ConsoleTable("arm", "look", "customers", "difference", "confidence sequence", "always-valid p", "naive p", "mSPRT");
        foreach (SequentialArm s in sequential.Where(s => s.Metric == "visit"))
        {
            foreach (SequentialLook l in s.Looks)
            {
                lookTable.AddRow(s.Arm, l.Look, l.Customers, l.Difference,
                    string.Create(CultureInfo.InvariantCulture, $"[{l.Lower:0.0000}, {l.Upper:0.0000}]"),
                    FormatP(l.AlwaysValidPValue), FormatP(l.NaivePValue), l.Decision);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Visit rate (mixing variance {VisitMixingVariance:0.0000} = 0.03^2, a 3-point lift):"));
        lookTable.Write(output);
        foreach (SequentialArm s in sequential)
        {
            string fixedText = string.Create(CultureInfo.InvariantCulture, $"fixed horizon at the end: {s.FixedHorizonDecision} (p(Holm) {FormatP(s.FixedHorizonPValue)})");
            output.WriteLine(s.StopLook is int look
                ? string.Create(CultureInfo.InvariantCulture,
                    $"  {s.Arm}, {s.Metric}: mSPRT could have stopped at look {look} of {Looks} ({s.StopCustomers:N0} customers, {s.StopShare:0%} of the sample): {s.SequentialDecision}; {fixedText}.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"  {s.Arm}, {s.Metric}: mSPRT would not have stopped in {Looks} looks (always-valid p {FormatP(s.Looks[^1].AlwaysValidPValue)}); {fixedText}."));
        }

        output.WriteLine("  'naive p' is the fixed-horizon z-test recomputed at every look; stopping the first time it dips below alpha inflates");
        output.WriteLine("  false positives. The always-valid p and confidence sequence stay valid however often you look (docs/experiments-sequential.md).");

        // 5. Files: CSV of every comparison, a JSON report, a chart.
        string csvPath = Path.Combine(outputFolder, "experiment_results.csv");
        using (var csv = new CsvOutput(csvPath, "arm", "metric", "test", "control", "treatment", "difference", "ci_lower", "ci_upper", "relative", "p_value", "p_value_holm"))
        {
            foreach (MetricRow r in rows)
            {
                csv.Row(r.Arm, r.Metric, r.Test, r.Control, r.Treatment, r.Difference, r.Lower, r.Upper, r.Relative, r.PValue, r.AdjustedPValue);
            }
        }

        string jsonPath = Path.Combine(outputFolder, "experiment_report.json");
        var report = new
        {
            source = Path.GetFileName(path),
            customers = data.Count,
            arms = HillstromData.ArmNames.Select((n, i) => new { name = n, customers = counts[i] }),
            sampleRatio = new { chiSquare = srm.Test.Statistic, pValue = srm.Test.PValue, mismatch = srm.IsMismatch },
            comparisons = rows,
            decisions,
            sequential = new { looks = Looks, alpha = Alpha, results = sequential },
        };
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, ToolJson.Options));

        string chartPath = Path.Combine(outputFolder, "visit_rate_by_arm.png");
        var visitRate = new double[counts.Length];
        for (int i = 0; i < data.Count; i++)
        {
            visitRate[data.Arm[i]] += data.Visit[i];
        }

        for (int i = 0; i < counts.Length; i++)
        {
            visitRate[i] /= Math.Max(1, counts[i]);
        }

        Charts.Bars(HillstromData.ArmNames, visitRate, "Visit rate by arm", "share of customers who visited", chartPath);

        output.WriteLine();
        string lookPath = Path.Combine(outputFolder, "sequential_looks.csv");
        using (var csv = new CsvOutput(lookPath, "arm", "metric", "mixing_variance", "look", "customers", "difference", "cs_lower", "cs_upper", "always_valid_p", "naive_p", "decision"))
        {
            foreach (SequentialArm s in sequential)
            {
                foreach (SequentialLook l in s.Looks)
                {
                    csv.Row(s.Arm, s.Metric, s.MixingVariance, l.Look, l.Customers, l.Difference, l.Lower, l.Upper, l.AlwaysValidPValue, l.NaivePValue, l.Decision);
                }
            }
        }

        output.WriteLine($"Wrote {csvPath}, {lookPath}");
        output.WriteLine($"Wrote {jsonPath}");
        output.WriteLine($"Wrote {chartPath}");
        return 0;
    }

    private static IEnumerable<MetricRow> CompareArm(HillstromData data, int arm)
    {
        string name = HillstromData.ArmNames[arm];
        var control = new List<int>();
        var treated = new List<int>();
        for (int i = 0; i < data.Count; i++)
        {
            if (data.Arm[i] == 0)
            {
                control.Add(i);
            }
            else if (data.Arm[i] == arm)
            {
                treated.Add(i);
            }
        }

        foreach ((string metric, double[] values) in new[] { ("visit", data.Visit), ("conversion", data.Conversion) })
        {
            ProportionSummary c = Proportion(values, control);
            ProportionSummary t = Proportion(values, treated);
            TestResult z = TwoProportionZTest.Test(c, t);
            yield return MetricRow.From(name, metric, "two-proportion z", c.Rate, t.Rate, z);
        }

        double[] spendControl = control.Select(i => data.Spend[i]).ToArray();
        double[] spendTreated = treated.Select(i => data.Spend[i]).ToArray();
        TestResult welch = TTest.Welch(spendControl, spendTreated);
        yield return MetricRow.From(name, "spend", "Welch t", spendControl.Average(), spendTreated.Average(), welch);

        // CUPED: last year's spend (history) explains part of the variance of spend; removing it narrows the interval.
        var metricValues = new double[control.Count + treated.Count];
        var covariate = new double[metricValues.Length];
        var isTreated = new bool[metricValues.Length];
        int k = 0;
        foreach (int i in control)
        {
            metricValues[k] = data.Spend[i];
            covariate[k++] = data.History[i];
        }

        foreach (int i in treated)
        {
            metricValues[k] = data.Spend[i];
            covariate[k] = data.History[i];
            isTreated[k++] = true;
        }

        CupedResult cuped = Cuped.Analyze(metricValues, covariate, isTreated);
        yield return MetricRow.From(name, "spend", string.Create(CultureInfo.InvariantCulture, $"CUPED Welch (variance -{Math.Max(0, cuped.VarianceReduction):0.0%})"),
            spendControl.Average(), spendTreated.Average(), cuped.Test);
    }

    /// <summary>
    /// Replays one arm against control on a 0/1 metric: the rows, in file order, arrive in <see cref="Looks"/> equal batches; after
    /// each the cumulative counts update the mSPRT (always-valid p and confidence sequence) and a naive z-test.
    /// </summary>
    private static SequentialArm Sequential(HillstromData data, int arm, string metric, double[] values, double mixingVariance, MetricRow fixedHorizon)
    {
        MixtureSprtState state = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = mixingVariance, Alpha = Alpha });
        var looks = new List<SequentialLook>();
        long nC = 0, yC = 0, nT = 0, yT = 0;
        int row = 0;
        int? stopLook = null;
        for (int look = 1; look <= Looks; look++)
        {
            int end = (int)((long)data.Count * look / Looks);
            for (; row < end; row++)
            {
                if (data.Arm[row] == 0)
                {
                    nC++;
                    yC += values[row] > 0 ? 1 : 0;
                }
                else if (data.Arm[row] == arm)
                {
                    nT++;
                    yT += values[row] > 0 ? 1 : 0;
                }
            }

            // Until both arms have units and both outcomes have occurred the rates carry no variance: nothing to test yet.
            bool testable = nC > 0 && nT > 0 && yC + yT > 0 && yC + yT < nC + nT;
            double naiveP = double.NaN;
            if (testable)
            {
                var control = new ProportionSummary(nC, yC);
                var treatment = new ProportionSummary(nT, yT);
                state = state.Update(control, treatment);
                naiveP = TwoProportionZTest.Test(control, treatment).PValue;
            }

            string decision = !state.Rejected ? "continue"
                : state.ConfidenceSequence.Lower > 0 ? "stop: treatment better"
                : "stop: treatment worse";
            stopLook ??= state.Rejected ? look : null;
            double difference = nC > 0 && nT > 0 ? ((double)yT / nT) - ((double)yC / nC) : double.NaN;
            looks.Add(new SequentialLook(look, nC + nT, difference, state.ConfidenceSequence.Lower, state.ConfidenceSequence.Upper, state.PValue, naiveP, decision));
        }

        string fixedDecision = fixedHorizon.AdjustedPValue >= Alpha ? "no significant effect"
            : fixedHorizon.Difference > 0 ? "treatment better" : "treatment worse";
        SequentialLook? stop = stopLook is int s ? looks[s - 1] : null;
        return new SequentialArm(
            HillstromData.ArmNames[arm],
            metric,
            mixingVariance,
            stopLook,
            stop?.Customers,
            stop is null ? null : (double)stop.Customers / looks[^1].Customers,
            stop is null ? "continue" : stop.Decision["stop: ".Length..],
            fixedDecision,
            fixedHorizon.AdjustedPValue,
            looks);
    }

    private static ProportionSummary Proportion(double[] values, List<int> rows)
    {
        long successes = 0;
        foreach (int i in rows)
        {
            successes += values[i] > 0 ? 1 : 0;
        }

        return new ProportionSummary(rows.Count, successes);
    }

    private static string FormatP(double p) => double.IsNaN(p) ? "-" : p < 1e-4 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    internal sealed record MetricRow(string Arm, string Metric, string Test, double Control, double Treatment, double Difference, double Lower, double Upper, double Relative, double PValue, double AdjustedPValue)
    {
        public static MetricRow From(string arm, string metric, string test, double control, double treatment, TestResult result)
        {
            double difference = double.IsNaN(result.Estimate) ? treatment - control : result.Estimate;
            ConfidenceInterval ci = result.ConfidenceInterval ?? new ConfidenceInterval(double.NaN, double.NaN, 0.95);
            return new MetricRow(arm, metric, test, control, treatment, difference, ci.Lower, ci.Upper, control == 0 ? double.NaN : difference / control, result.PValue, double.NaN);
        }
    }

    internal sealed record SequentialLook(int Look, long Customers, double Difference, double Lower, double Upper, double AlwaysValidPValue, double NaivePValue, string Decision);

    internal sealed record SequentialArm(string Arm, string Metric, double MixingVariance, int? StopLook, long? StopCustomers, double? StopShare, string SequentialDecision, string FixedHorizonDecision, double FixedHorizonPValue, IReadOnlyList<SequentialLook> Looks);

    internal sealed record ArmDecision(string Arm, string Decision, double VisitDifference, double VisitRelative, double VisitPValueHolm, double SpendDifference, double SpendPValueHolm);
}
