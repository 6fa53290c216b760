using System.Globalization;
using System.Text.Json;
using Personalization.Cli;
using Personalization.Uplift.Learners;
using Personalization.Uplift;

namespace Personalization.Samples;

/// <summary>The DiscountUplift sample.</summary>
public static class DiscountUpliftSample
{
    // Assumed economics, printed with the results: what an incremental site visit is worth and what an e-mail costs.
    private const double ValuePerVisit = 1.50;
    private const double CostPerEmail = 0.05;
    private const int Seed = 42;

    public static int Run(string[] args, TextWriter output)
    {
        SampleArguments a = SampleArguments.Parse(args);
        string path = a.Input ?? SamplePaths.SharedData("hillstrom.csv");
        string outputFolder = SamplePaths.OutputFolder("DiscountUplift", a.Output);
        var progress = new ConsoleProgress(output);

        progress.Begin("Loading the Hillstrom experiment");
        HillstromData data = HillstromData.Load(path, a.Rows ?? int.MaxValue);
        progress.End(string.Create(CultureInfo.InvariantCulture, $"{data.Count:N0} customers, arms: {string.Join(", ", HillstromData.ArmNames)}"));

        // Half the customers train the models, the other half measure them (a random, seeded split).
        var all = new UpliftData(data.FeatureMatrix(), data.Arm, data.Visit, HillstromData.ArmNames);
        UpliftSplit split = all.Split(testFraction: 0.5, Seed);
        UpliftData trainData = split.Train;
        FeatureMatrix<double> testFeatures = split.Test.Features;
        int[] testArm = split.Test.Treatment.ToArray();
        double[] testVisit = split.Test.Outcome.ToArray();
        int arms = all.ArmCount;

        var booster = new GradientBoosting(new GradientBoostingOptions { TreeCount = 60, Seed = Seed });
        var learners = new (string Name, IUpliftEstimator Estimator)[]
        {
            ("S-learner", new SLearner(new SLearnerOptions { Learner = booster })),
            ("T-learner", new TLearner(new TLearnerOptions { Learner = booster })),
            ("X-learner", new XLearner(new XLearnerOptions { OutcomeLearner = booster, EffectLearner = booster })),
            ("DR-learner", new DRLearner(new DRLearnerOptions { OutcomeLearner = booster, EffectLearner = booster, Seed = Seed })),
        };

        var evaluations = new List<LearnerEvaluation>();
        var effectsByLearner = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach ((string name, IUpliftEstimator estimator) in learners)
        {
            progress.Begin("Fitting " + name);
            IUpliftModel model = estimator.Fit(trainData);
            var effects = new double[testFeatures.RowCount * arms];
            model.PredictEffects(testFeatures, effects);
            effectsByLearner[name] = effects;
            for (int arm = 1; arm <= arms; arm++)
            {
                evaluations.Add(Evaluate(name, arm, effects, arms, testArm, testVisit));
            }

            progress.End(string.Create(CultureInfo.InvariantCulture, $"mean Qini AUC {evaluations.Where(e => e.Learner == name).Average(e => e.QiniAuc):0.000}"));
        }

        output.WriteLine();
        output.WriteLine("Uplift models on the held-out half (outcome: visit; higher is better)");
        var table = new ConsoleTable("learner", "arm", "Qini AUC", "uplift AUC", "uplift@10%", "uplift@30%", "top 10% beats top 30%");
        foreach (LearnerEvaluation e in evaluations)
        {
            table.AddRow(e.Learner, HillstromData.ArmNames[e.Arm], e.QiniAuc, e.UpliftAuc, Pct(e.UpliftAt10), Pct(e.UpliftAt30), e.UpliftAt10 > e.UpliftAt30 ? "yes" : "no");
        }

        table.Write(output);
        string best = evaluations.GroupBy(e => e.Learner).MaxBy(g => g.Average(e => e.QiniAuc))!.Key;
        output.WriteLine($"Best by mean Qini AUC: {best}.");

        // Policy: each customer gets the e-mail with the highest expected value (value per visit x predicted lift - e-mail cost), or none.
        double[] bestEffects = effectsByLearner[best];
        var economics = Enumerable.Range(0, arms).Select(_ => new ArmEconomics { ValuePerOutcome = ValuePerVisit, CostPerTreated = CostPerEmail }).ToArray();
        OfferAssignment policy = OfferPolicy.Assign(bestEffects, arms, new OfferPolicyOptions { Arms = economics });
        OfferAssignment halfBudget = OfferPolicy.Assign(bestEffects, arms, new OfferPolicyOptions { Arms = economics, MaxTreated = testFeatures.RowCount / 2 });

        var strategies = new List<Strategy>
        {
            Measure("No e-mail", new int[testArm.Length], bestEffects, arms, testArm, testVisit),
            Measure("Blanket Mens e-mail", Fill(testArm.Length, 1), bestEffects, arms, testArm, testVisit),
            Measure("Blanket Womens e-mail", Fill(testArm.Length, 2), bestEffects, arms, testArm, testVisit),
            Measure($"Policy ({best}, value > cost)", policy.Arms, bestEffects, arms, testArm, testVisit),
            Measure($"Policy, at most half e-mailed", halfBudget.Arms, bestEffects, arms, testArm, testVisit),
        };

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Whom to e-mail, per {testArm.Length:N0} held-out customers (a visit is worth {ValuePerVisit:0.00}, an e-mail costs {CostPerEmail:0.00})"));
        var strategyTable = new ConsoleTable("strategy", "e-mails", "Mens", "Womens", "incr. visits (model)", "incr. visits (measured)", "net value (measured)");
        foreach (Strategy s in strategies)
        {
            strategyTable.AddRow(s.Name, s.Emails, s.MensEmails, s.WomensEmails, s.PredictedIncrementalVisits, s.MeasuredIncrementalVisits, s.MeasuredNetValue);
        }

        strategyTable.Write(output);
        Strategy bestBlanket = strategies[1].MeasuredNetValue >= strategies[2].MeasuredNetValue ? strategies[1] : strategies[2];
        Strategy chosen = strategies[3];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The policy sends {chosen.Emails:N0} e-mails instead of {bestBlanket.Emails:N0} and is measured at {chosen.MeasuredIncrementalVisits:N0} incremental visits against {bestBlanket.MeasuredIncrementalVisits:N0} for the best blanket send ({bestBlanket.Name})."));
        output.WriteLine("'Measured' re-weights the randomised arms of the held-out half (inverse propensity), so it does not trust the model.");

        (IReadOnlyList<EngagementModels.EngagementEvaluation> engagement, double engagementThreshold) = EngagementModels.Compare(trainData, testFeatures, testVisit, Seed);
        EngagementModels.Write(output, engagement, engagementThreshold, testVisit.Length);

        // Files.
        string engagementPath = Path.Combine(outputFolder, "engagement_models.csv");
        using (var csv = new CsvOutput(engagementPath, "model", "threshold", "precision", "recall", "f1", "roc_auc"))
        {
            foreach (EngagementModels.EngagementEvaluation e in engagement)
            {
                csv.Row(e.Model, engagementThreshold, e.Precision, e.Recall, e.F1, e.RocAuc);
            }
        }

        string targetingPath = Path.Combine(outputFolder, "targeting.csv");
        using (var csv = new CsvOutput(targetingPath, "row", "recommended_arm", "predicted_lift_mens", "predicted_lift_womens", "expected_value"))
        {
            for (int r = 0; r < split.TestRows.Length; r++)
            {
                csv.Row(split.TestRows[r] + 2, HillstromData.ArmNames[policy.Arms[r]], bestEffects[r * arms], bestEffects[(r * arms) + 1], policy.ExpectedValue[r]);
            }
        }

        string evaluationPath = Path.Combine(outputFolder, "uplift_evaluation.csv");
        using (var csv = new CsvOutput(evaluationPath, "learner", "arm", "qini_auc", "uplift_auc", "uplift_at_10", "uplift_at_30"))
        {
            foreach (LearnerEvaluation e in evaluations)
            {
                csv.Row(e.Learner, HillstromData.ArmNames[e.Arm], e.QiniAuc, e.UpliftAuc, e.UpliftAt10, e.UpliftAt30);
            }
        }

        string jsonPath = Path.Combine(outputFolder, "uplift_report.json");
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(new
        {
            source = Path.GetFileName(path),
            customers = data.Count,
            trainCustomers = split.TrainRows.Length,
            testCustomers = split.TestRows.Length,
            outcome = "visit",
            valuePerVisit = ValuePerVisit,
            costPerEmail = CostPerEmail,
            bestLearner = best,
            evaluations,
            strategies,
            engagementThreshold,
            engagementModels = engagement,
        }, ToolJson.Options));

        string chartPath = Path.Combine(outputFolder, "qini_curve.png");
        var curves = new List<(string, double[], double[])>();
        foreach ((string name, _) in learners)
        {
            // The Womens e-mail against no e-mail: the arm whose effect varies most across customers.
            (double[] fraction, double[] gain) = QiniForArm(effectsByLearner[name], arms, 2, testArm, testVisit);
            curves.Add((name, fraction, gain));
        }

        Charts.QiniCurves(curves, chartPath, "incremental visits (Womens e-mail vs none)");
        output.WriteLine();
        output.WriteLine($"Wrote {targetingPath}");
        output.WriteLine($"Wrote {evaluationPath}, {engagementPath}, {jsonPath}");
        output.WriteLine($"Wrote {chartPath}");
        return 0;
    }

    private static string Pct(double value) => value.ToString("+0.00%;-0.00%", CultureInfo.InvariantCulture);

    private static int[] Fill(int count, int arm) => Enumerable.Repeat(arm, count).ToArray();

    private static (int[] Rows, int[] Treatment) ArmRows(int arm, int[] testArm)
    {
        var rows = new List<int>();
        var treatment = new List<int>();
        for (int i = 0; i < testArm.Length; i++)
        {
            if (testArm[i] == 0 || testArm[i] == arm)
            {
                rows.Add(i);
                treatment.Add(testArm[i] == arm ? 1 : 0);
            }
        }

        return (rows.ToArray(), treatment.ToArray());
    }

    private static LearnerEvaluation Evaluate(string learner, int arm, double[] effects, int arms, int[] testArm, double[] testVisit)
    {
        (int[] rows, int[] treatment) = ArmRows(arm, testArm);
        double[] outcome = rows.Select(i => testVisit[i]).ToArray();
        double[] score = rows.Select(i => effects[(i * arms) + arm - 1]).ToArray();
        return new LearnerEvaluation(
            learner,
            arm,
            UpliftMetrics.QiniAucScore(outcome, score, treatment),
            UpliftMetrics.UpliftAucScore(outcome, score, treatment),
            UpliftMetrics.UpliftAtK(outcome, score, treatment, 0.1),
            UpliftMetrics.UpliftAtK(outcome, score, treatment, 0.3));
    }

    private static (double[] Fraction, double[] Gain) QiniForArm(double[] effects, int arms, int arm, int[] testArm, double[] testVisit)
    {
        (int[] rows, int[] treatment) = ArmRows(arm, testArm);
        double[] outcome = rows.Select(i => testVisit[i]).ToArray();
        double[] score = rows.Select(i => effects[(i * arms) + arm - 1]).ToArray();
        UpliftCurve curve = UpliftMetrics.QiniCurve(outcome, score, treatment);
        double n = curve.Counts[^1];
        return (curve.Counts.Select(c => c / n).ToArray(), curve.Values.ToArray());
    }

    /// <summary>Scores a targeting rule: model-predicted and IPW-measured incremental visits over sending nothing.</summary>
    private static Strategy Measure(string name, IReadOnlyList<int> assigned, double[] effects, int arms, int[] testArm, double[] testVisit)
    {
        int n = assigned.Count;
        var armShare = new double[arms + 1];
        foreach (int t in testArm)
        {
            armShare[t] += 1.0 / n;
        }

        double predicted = 0;
        double policyValue = 0;
        double controlValue = 0;
        int emails = 0;
        int mens = 0;
        int womens = 0;
        for (int i = 0; i < n; i++)
        {
            int arm = assigned[i];
            if (arm > 0)
            {
                predicted += effects[(i * arms) + arm - 1];
                emails++;
                mens += arm == 1 ? 1 : 0;
                womens += arm == 2 ? 1 : 0;
            }

            // Inverse propensity: customers whose random arm matches the rule's choice stand in for everyone.
            if (testArm[i] == arm)
            {
                policyValue += testVisit[i] / armShare[arm];
            }

            if (testArm[i] == 0)
            {
                controlValue += testVisit[i] / armShare[0];
            }
        }

        double measured = policyValue - controlValue;
        return new Strategy(name, emails, mens, womens, predicted, measured, (measured * ValuePerVisit) - (emails * CostPerEmail));
    }

    internal sealed record LearnerEvaluation(string Learner, int Arm, double QiniAuc, double UpliftAuc, double UpliftAt10, double UpliftAt30);

    internal sealed record Strategy(string Name, int Emails, int MensEmails, int WomensEmails, double PredictedIncrementalVisits, double MeasuredIncrementalVisits, double MeasuredNetValue);
}
