using System.Diagnostics;
using System.Globalization;
using System.Text;
using Personalization.Uplift;
using Personalization.Uplift.Learners;
using Personalization.Uplift.Tests;

namespace Personalization.Benchmarks;

/// <summary>
/// PEHE of every meta-learner on the Nie &amp; Wager setups A-D and the binary e-mail test (E):
/// n rows generated with a fixed seed, fitted on the first half, scored on the second. Not a
/// BenchmarkDotNet benchmark: run with <c>-- pehe [output-folder]</c>; it also writes each setup's
/// rows as CSV for <c>benchmarks/sklearn_uplift.py</c>, so both sides fit the same split.
/// </summary>
internal static class UpliftPehe
{
    private static readonly (char Setup, int N)[] s_cases = [('A', 20_000), ('B', 20_000), ('C', 20_000), ('D', 20_000), ('E', 20_000), ('E', 200_000)];

    public static int Run(string[] args)
    {
        string folder = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "uplift-pehe");
        Directory.CreateDirectory(folder);
        Console.WriteLine("| setup | n | learner | cross-fitting | PEHE | fit s | 95% interval coverage |");
        Console.WriteLine("|---|---:|---|---|---:|---:|---:|");
        foreach ((char setup, int n) in s_cases)
        {
            NieWager.Sample all = NieWager.Make(setup, n, Seed(setup, n));
            WriteCsv(Path.Combine(folder, $"{setup}_{n}.csv"), all);
            (NieWager.Sample train, NieWager.Sample test) = NieWager.Split(all, n / 2);
            foreach ((string name, bool crossFit, IUpliftEstimator estimator) in Learners())
            {
                if (estimator is UpliftRandomForest && !train.Data.IsBinaryOutcome)
                {
                    continue;
                }

                var clock = Stopwatch.StartNew();
                IUpliftModel model = estimator.Fit(train.Data);
                double seconds = clock.Elapsed.TotalSeconds;
                double pehe = NieWager.Pehe(model, test);
                string coverage = model is CausalForestModel forest ? Coverage(forest, test).ToString("F4", CultureInfo.InvariantCulture) : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {setup} | {n} | {name} | {(crossFit ? "on" : "off")} | {pehe:F4} | {seconds:F2} | {coverage} |"));
            }
        }

        return 0;
    }

    /// <summary>The share of scored rows whose 95% interval (<see cref="CausalForestModel.PredictIntervals"/>) holds the true effect.</summary>
    internal static double Coverage(CausalForestModel model, NieWager.Sample test)
    {
        int n = test.Data.Count;
        var lower = new double[n];
        var upper = new double[n];
        model.PredictIntervals(test.Data.Features, 0.95, lower, upper);
        int covered = 0;
        for (int i = 0; i < n; i++)
        {
            covered += lower[i] <= test.Effect[i] && test.Effect[i] <= upper[i] ? 1 : 0;
        }

        return covered / (double)n;
    }

    /// <summary>The generator seed of each case (also used by the tests for n = 20,000).</summary>
    internal static int Seed(char setup, int n) => 1000 + (setup - 'A') + (n == 20_000 ? 0 : 100);

    private static IEnumerable<(string Name, bool CrossFit, IUpliftEstimator Estimator)> Learners()
    {
        yield return ("S", false, new SLearner());
        yield return ("T", false, new TLearner());
        foreach (bool on in new[] { true, false })
        {
            yield return ("X", on, new XLearner(new XLearnerOptions { Propensity = PropensityMode.Estimated, CrossFitting = on }));
            yield return ("DR", on, new DRLearner(new DRLearnerOptions { Propensity = PropensityMode.Estimated, CrossFitting = on }));
            yield return ("R", on, new RLearner(new RLearnerOptions { CrossFitting = on }));
        }

        yield return ("DR, ridge final", true, new DRLearner(new DRLearnerOptions { Propensity = PropensityMode.Estimated, EffectLearner = new RidgeRegression() }));
        yield return ("R, ridge final", true, new RLearner(new RLearnerOptions { EffectLearner = new RidgeRegression() }));
        // The recommended sparse linear final stage (docs/uplift.md, "When to use which learner"): a cross-validated
        // lasso, with the default logistic or a boosted propensity.
        var boostedPropensity = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic });
        yield return ("DR, lasso final", true, new DRLearner(new DRLearnerOptions { Propensity = PropensityMode.Estimated, EffectLearner = new LassoRegression() }));
        yield return ("R, lasso final", true, new RLearner(new RLearnerOptions { EffectLearner = new LassoRegression() }));
        yield return ("DR, boosted propensity, lasso final", true, new DRLearner(new DRLearnerOptions { Propensity = PropensityMode.Estimated, PropensityLearner = boostedPropensity, EffectLearner = new LassoRegression() }));
        yield return ("R, boosted propensity, lasso final", true, new RLearner(new RLearnerOptions { PropensityLearner = boostedPropensity, EffectLearner = new LassoRegression() }));
        yield return ("causal forest", true, new CausalForest());
        yield return ("causal forest, boosted propensity", true, new CausalForest(new CausalForestOptions { PropensityLearner = boostedPropensity }));
        yield return ("causal forest, linear correction", true, new CausalForest(new CausalForestOptions { LinearCorrection = true }));
        yield return ("uplift forest (KL)", false, new UpliftRandomForest());
    }

    private static void WriteCsv(string path, NieWager.Sample sample)
    {
        UpliftData d = sample.Data;
        var text = new StringBuilder();
        for (int j = 0; j < d.Features.ColumnCount; j++)
        {
            text.Append(CultureInfo.InvariantCulture, $"x{j + 1},");
        }

        text.Append("t,y,tau,e\n");
        for (int r = 0; r < d.Count; r++)
        {
            for (int j = 0; j < d.Features.ColumnCount; j++)
            {
                text.Append(d.Features[r, j].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"{d.Treatment[r]},{d.Outcome[r].ToString("R", CultureInfo.InvariantCulture)},{sample.Effect[r].ToString("R", CultureInfo.InvariantCulture)},{sample.Propensity[r].ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        File.WriteAllText(path, text.ToString());
    }
}
