using System.Globalization;
using System.Text.Json;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Cli;

/// <summary>The learners of <c>personalize uplift</c>, the scoring of rows, uplift.csv, and scoring with a saved model (--model).</summary>
internal sealed partial class UpliftCommand
{
    private static readonly string[] s_learners = ["s", "t", "x", "dr", "r", "class", "uplift-forest", "causal-forest"];

    private static readonly string[] s_bases = ["gbm", "forest", "linear"];

    /// <summary>--folds for the learners that cross-fit; null when not given (each learner's default).</summary>
    private static int? Folds(ParsedOptions options, string learner)
    {
        int? folds = options.GetInt("folds", 0, 20);
        if (folds is null)
        {
            return null;
        }

        if (learner is not ("x" or "dr" or "r" or "causal-forest"))
        {
            throw new UsageException($"--folds sets the cross-fitting of the x, dr, r and causal-forest learners; --learner {learner} does not cross-fit.");
        }

        if (learner == "causal-forest" && folds < 2)
        {
            throw new UsageException($"--folds must be from 2 to 20 for the causal forest (its outcome and propensity models are always cross-fitted), not '{folds}'.");
        }

        return folds;
    }

    private static void CheckIntervals(string learner)
    {
        if (learner != "causal-forest")
        {
            throw new UsageException($"--intervals needs per-row confidence intervals, which only --learner causal-forest gives; the {learner} learner has none.");
        }
    }

    private static string Describe(string learner, string baseName) => learner switch
    {
        "uplift-forest" => "uplift random forest",
        "causal-forest" => $"causal forest ({baseName} outcome model)",
        _ => $"{learner}-learner on {baseName}",
    };

    private static IUpliftEstimator Learner(string learner, string baseName, bool binary, int seed, int? folds)
    {
        IWeightedBaseLearner Regressor() => baseName switch
        {
            "gbm" => new GradientBoosting(new GradientBoostingOptions { Seed = seed }),
            "forest" => new RandomForest(new RandomForestOptions { Seed = seed }),
            _ => new RidgeRegression(),
        };
        IBaseLearner Outcome(bool classifier) => !classifier ? Regressor() : baseName switch
        {
            "gbm" => new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic, Seed = seed }),
            "forest" => new RandomForest(new RandomForestOptions { Task = RandomForestTask.Classification, Seed = seed }),
            _ => new LogisticRegression(),
        };
        bool crossFit = folds is not (0 or 1);
        int foldCount = folds is >= 2 ? folds.Value : 5;

        return learner switch
        {
            "s" => new SLearner(new SLearnerOptions { Learner = Outcome(binary) }),
            "t" => new TLearner(new TLearnerOptions { Learner = Outcome(binary) }),
            "x" => new XLearner(new XLearnerOptions { OutcomeLearner = Outcome(binary), EffectLearner = Regressor(), CrossFitting = folds is >= 2, FoldCount = foldCount, Seed = seed }),
            "dr" => new DRLearner(new DRLearnerOptions { OutcomeLearner = Outcome(binary), EffectLearner = Regressor(), CrossFitting = crossFit, FoldCount = foldCount, Seed = seed }),
            "r" => new RLearner(new RLearnerOptions { OutcomeLearner = Outcome(binary), EffectLearner = Regressor(), CrossFitting = crossFit, FoldCount = foldCount, Seed = seed }),
            "uplift-forest" => new UpliftRandomForest(new UpliftRandomForestOptions { Seed = seed }),
            "causal-forest" => new CausalForest(new CausalForestOptions { OutcomeLearner = Outcome(binary), FoldCount = foldCount, Seed = seed }),
            _ => new ClassTransformation(new ClassTransformationOptions { Learner = binary ? Outcome(true) : Regressor() }),
        };
    }

    /// <summary>Effects of every arm (row-major), the best arm's uplift per row, and the intervals when asked.</summary>
    private static ScoredRows Score(IUpliftModel model, FeatureMatrix<double> features, double? level)
    {
        int rows = features.RowCount;
        int arms = model.ArmCount;
        var perArm = new double[rows * arms];
        model.PredictEffects(features, perArm);
        var uplift = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double best = perArm[r * arms];
            for (int a = 1; a < arms; a++)
            {
                best = Math.Max(best, perArm[(r * arms) + a]);
            }

            uplift[r] = best;
        }

        double[]? lower = null, upper = null;
        if (level is { } confidence && model is CausalForestModel forest)
        {
            lower = new double[rows];
            upper = new double[rows];
            forest.PredictIntervals(features, confidence, lower, upper);
        }

        return new ScoredRows(perArm, arms, uplift, lower, upper);
    }

    /// <summary>Targeting: value x uplift - cost > 0, at most --top of the rows, best first.</summary>
    private static Targeting Target(double[] uplift, double top, double value, double cost)
    {
        int maxTreated = (int)Math.Floor(top * uplift.Length);
        OfferAssignment policy = OfferPolicy.Assign(uplift, 1, new OfferPolicyOptions
        {
            Arms = [new ArmEconomics { ValuePerOutcome = value, CostPerTreated = cost }],
            MaxTreated = maxTreated,
        });
        bool[] target = policy.Arms.Select(a => a == 1).ToArray();
        double increment = 0;
        for (int i = 0; i < uplift.Length; i++)
        {
            increment += target[i] ? uplift[i] : 0;
        }

        return new Targeting(policy, target, Ranks(uplift), target.Count(t => t), increment);
    }

    /// <summary>uplift.csv: id, predicted_uplift, one uplift_&lt;arm&gt; column per arm when there are several, the interval, rank, target, holdout.</summary>
    private static void WriteCsv(OutputFiles output, string[] ids, ScoredRows scored, IReadOnlyList<string> armNames, Targeting targeting, bool[]? holdout)
    {
        bool perArm = scored.ArmCount > 1;
        string[] header =
        [
            "id", "predicted_uplift",
            .. perArm ? armNames.Skip(1).Select(a => "uplift_" + a) : [],
            .. scored.Lower is null ? Array.Empty<string>() : ["uplift_lower", "uplift_upper"],
            "rank", "target",
            .. holdout is null ? Array.Empty<string>() : ["holdout"],
        ];
        using var csv = new CsvOutput(output.Create("uplift.csv"), header);
        var cells = new List<object?>(header.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            cells.Clear();
            cells.Add(ids[i]);
            cells.Add(scored.Uplift[i]);
            for (int a = 0; perArm && a < scored.ArmCount; a++)
            {
                cells.Add(scored.PerArm[(i * scored.ArmCount) + a]);
            }

            if (scored.Lower is not null)
            {
                cells.Add(scored.Lower[i]);
                cells.Add(scored.Upper![i]);
            }

            cells.Add(targeting.Rank[i]);
            cells.Add(targeting.Target[i] ? "yes" : "no");
            if (holdout is not null)
            {
                cells.Add(holdout[i] ? "yes" : "no");
            }

            csv.Row([.. cells]);
        }
    }

    /// <summary>--model with --score: the saved model scores the file; nothing is fitted and no holdout is measured.</summary>
    private static int ScoreSavedModel(ParsedOptions options, Terminal terminal, string modelPath, string? scorePath, string? idColumn, double? level, double top, double value, double cost)
    {
        if (scorePath is null)
        {
            throw new UsageException("--model needs --score <customers.csv>: a saved model scores a file without fitting.");
        }

        foreach (string fitOption in (string[])["input", "treatment", "treated", "outcome", "features", "categorical", "folds"])
        {
            if (options.Has(fitOption))
            {
                throw new UsageException($"--{fitOption} is for fitting, but --model scores with a saved model; drop --{fitOption} (or --model to fit a new one).");
            }
        }

        using var output = new OutputFiles(options, "uplift.csv", "uplift.json");
        CheckNotReplaced(output, "score", scorePath, "uplift.csv", "uplift.json");
        CheckNotReplaced(output, "model", modelPath, "uplift.csv", "uplift.json");
        terminal.Begin($"Reading {Path.GetFileName(modelPath)}");
        UpliftModelFile saved = UpliftModelFile.Read(modelPath);
        if (level is not null && saved.Model is not CausalForestModel)
        {
            throw new UsageException($"--intervals needs per-row confidence intervals, which only a causal-forest model gives; {modelPath} holds the {saved.Learner} learner.");
        }

        (string[] ids, FeatureMatrix<double> features, long rowsRead) = saved.ReadScored(scorePath, options, idColumn, terminal);
        terminal.Begin($"Scoring {ids.Length:N0} rows of {Path.GetFileName(scorePath)}");
        ScoredRows scored;
        try
        {
            scored = Score(saved.Model, features, level);
        }
        catch (ArgumentException ex)
        {
            throw new BadInputException($"{scorePath}: {PersonalizeCli.Describe(ex)}");
        }

        Targeting targeting = Target(scored.Uplift, top, value, cost);
        terminal.Begin("Writing uplift.csv");
        string csvPath = output.PathOf("uplift.csv");
        WriteCsv(output, ids, scored, saved.ArmNames, targeting, holdout: null);
        int rows = ids.Length;
        string jsonPath = output.PathOf("uplift.json");
        var summary = new
        {
            schema = "personalize.uplift/v1",
            model = new { path = Path.GetFileName(modelPath), learner = saved.Learner, baseLearner = saved.BaseLearner, treatment = saved.TreatmentColumn, arms = saved.ArmNames, outcome = saved.OutcomeColumn, binaryOutcome = saved.BinaryOutcome },
            features = saved.FeatureNames,
            intervals = level,
            score = new { path = Path.GetFileName(scorePath), rowsRead, rowsScored = rows },
            targeting = new
            {
                top,
                valuePerOutcome = value,
                costPerTreated = cost,
                rowsScored = rows,
                targeted = targeting.Count,
                targetedShare = (double)targeting.Count / rows,
                predictedIncrementalOutcome = targeting.PredictedIncrement,
                expectedNetValue = targeting.Policy.TotalExpectedValue,
            },
            files = new { csv = "uplift.csv" },
        };
        string json = JsonSerializer.Serialize(summary, ToolJson.Options);
        output.WriteText("uplift.json", json);
        terminal.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scored {rows:N0} rows of {Path.GetFileName(scorePath)} with the saved {Describe(saved.Learner, saved.BaseLearner)}: target {targeting.Count:N0} ({(double)targeting.Count / rows:0.0%}), predicted +{targeting.PredictedIncrement:0.0} {saved.OutcomeColumn}"));
        terminal.Text.WriteLine($"-> {csvPath}, {jsonPath}");
        output.Commit();
        terminal.Json(json);
        return ExitCodes.Success;
    }

    /// <summary>1 = highest predicted uplift; tied rows share the best rank of their group (1, 2, 2, 4), so input order never ranks.</summary>
    private static int[] Ranks(double[] effects)
    {
        int[] order = Enumerable.Range(0, effects.Length).OrderByDescending(i => effects[i]).ThenBy(i => i).ToArray();
        var rank = new int[effects.Length];
        for (int r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r > 0 && effects[order[r]] == effects[order[r - 1]] ? rank[order[r - 1]] : r + 1;
        }

        return rank;
    }

    /// <summary>A usage error when --output would write one of <paramref name="names"/> over the file given to --<paramref name="option"/>.</summary>
    private static void CheckNotReplaced(OutputFiles output, string option, string path, params string[] names)
    {
        string full = Path.GetFullPath(path);
        foreach (string name in names)
        {
            if (string.Equals(output.PathOf(name), full, StringComparison.Ordinal))
            {
                throw new UsageException($"--output would replace the --{option} file {path} with {name}; choose another --output folder.");
            }
        }
    }

    /// <summary>Scored rows: <paramref name="PerArm"/> holds <c>rows x ArmCount</c> effects row-major; <paramref name="Uplift"/> the best arm's.</summary>
    private sealed record ScoredRows(double[] PerArm, int ArmCount, double[] Uplift, double[]? Lower, double[]? Upper);

    private sealed record Targeting(OfferAssignment Policy, bool[] Target, int[] Rank, int Count, double PredictedIncrement);
}
