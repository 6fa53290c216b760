using System.Globalization;
using System.Text.Json;
using Personalization.Features;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Cli;

/// <summary><c>personalize uplift</c>: a meta-learner on a randomised experiment -> holdout Qini / uplift@k -> whom to target.</summary>
internal sealed class UpliftCommand : ICommand
{
    private static readonly double[] s_atK = [0.1, 0.2, 0.3, 0.4, 0.5];

    public string Name => "uplift";

    public string Summary => "Fit an uplift model (S/T/X/DR/class learner) on an experiment, score it on a holdout and pick whom to target.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("input", "Experiment CSV (.csv or .csv.gz): one row per unit with a treatment column, an outcome column and feature columns.", Required: true),
        new("treatment", "The column holding each unit's arm.", Required: true),
        new("control", "The control value of --treatment.", Default: "0"),
        new("treated", "The treated value of --treatment; needed only when the column holds several non-control values (rows of other arms are left out)."),
        new("outcome", "The outcome column: 0/1 (visit, conversion) or a number (spend).", Required: true),
        new("features", "Comma-separated numeric feature columns.", Required: true),
        new("categorical", "Comma-separated categorical feature columns, one-hot encoded (need not be repeated in --features)."),
        new("id", "A column identifying each row in uplift.csv; default: the input line number."),
        new("learner", "Meta-learner: s, t, x, dr or class.", Default: "t", Choices: ["s", "t", "x", "dr", "class"]),
        new("base", "Base learner: gbm (gradient boosting) or linear (logistic regression for a 0/1 outcome, ridge otherwise).", Default: "gbm", Choices: ["gbm", "linear"]),
        new("holdout", "Share of rows held out (randomly, by --seed) to measure the model; the rest train it.", Default: "0.3"),
        new("seed", "Seed of the holdout split and of the learners.", Default: "42"),
        new("top", "Most customers to target, as a share of the scored rows.", Default: "0.3"),
        new("value", "Value of one unit of outcome (for example one visit).", Default: "1"),
        new("cost", "Cost of treating one customer; a customer is targeted when value x predicted uplift > cost.", Default: "0"),
        new("output", "Folder for the CSV and JSON results.", Default: "."),
        .. CsvInput.Options,
        .. Terminal.Options,
    ];

    public CommandHelp Help => new(
        "Usage: personalize uplift --input <experiment.csv> --treatment <col> [--control <value>] [--treated <value>] --outcome <col> --features <a,b,...> [--categorical <c,d>]\n" +
        "                          [--learner s|t|x|dr|class] [--base gbm|linear] [--holdout 0.3] [--seed 42] [--top 0.3] [--value 1] [--cost 0] [--output <dir>]",
        "Writes uplift.csv (id, predicted_uplift, rank, target, holdout; one row per control or treated row) and uplift.json (schema\n" +
        "personalize.uplift/v1: counts, learner, holdout Qini coefficient and AUUC, uplift@k, targeting summary). The model is fitted on\n" +
        "the training rows and scores every row; the metrics use the holdout rows only.",
        "personalize uplift --input hillstrom.csv --treatment segment --control \"No E-Mail\" --treated \"Womens E-Mail\" --outcome visit --features recency,history,mens,womens,newbie --categorical zip_code,channel");

    public int Execute(ParsedOptions options, Terminal terminal)
    {
        string path = options.Required("input");
        string treatmentColumn = options.Required("treatment");
        string control = options.Get("control")!;
        string? treated = options.Get("treated");
        string outcomeColumn = options.Required("outcome");
        string[] numeric = Columns(options.Get("features"));
        string[] categorical = Columns(options.Get("categorical"));
        numeric = numeric.Where(c => !categorical.Contains(c, StringComparer.Ordinal)).ToArray();
        if (numeric.Length + categorical.Length == 0)
        {
            throw new UsageException("--features names no column.");
        }

        string? idColumn = options.Get("id");
        string learnerName = options.Get("learner")!;
        if (learnerName is not ("s" or "t" or "x" or "dr" or "class"))
        {
            throw new UsageException($"--learner must be s, t, x, dr or class, not '{learnerName}'.");
        }

        string baseName = options.Get("base")!;
        if (baseName is not ("gbm" or "linear"))
        {
            throw new UsageException($"--base must be gbm or linear, not '{baseName}'.");
        }

        double holdout = Fraction(options, "holdout", allowOne: false);
        double top = Fraction(options, "top", allowOne: true);
        int seed = options.GetInt("seed", 0, int.MaxValue)!.Value;
        double value = Number(options, "value");
        double cost = Number(options, "cost");
        if (outcomeColumn == treatmentColumn)
        {
            throw new UsageException($"--outcome {outcomeColumn} is also the --treatment column; the outcome must be a different, numeric column.");
        }

        if (idColumn is not null && (idColumn == treatmentColumn || idColumn == outcomeColumn))
        {
            throw new UsageException($"--id {idColumn} is also the treatment or outcome column; choose a column that identifies rows.");
        }

        foreach (string name in (string[])[treatmentColumn, outcomeColumn, .. idColumn is null ? Array.Empty<string>() : [idColumn]])
        {
            if (numeric.Contains(name, StringComparer.Ordinal) || categorical.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"'{name}' is both a feature and the treatment, outcome or id column.");
            }
        }

        using var output = new OutputFiles(options, "uplift.csv", "uplift.json");
        ExperimentTable table = ExperimentTable.Read(options, treatmentColumn, control, treated, outcomeColumn, numeric, categorical, idColumn, terminal);
        FeatureMatrix<double> features = table.Features();
        int n = table.Outcome.Length;
        bool binary = table.Outcome.All(v => v is 0 or 1);

        (int[] train, int[] test) = Split(n, holdout, seed);
        int[] testTreatment = test.Select(i => table.Treatment[i]).ToArray();
        if (!train.Any(i => table.Treatment[i] == 1) || !train.Any(i => table.Treatment[i] == 0) || !testTreatment.Contains(1) || !testTreatment.Contains(0))
        {
            throw new BadInputException($"{path}: too few rows ({table.ControlRows:N0} control, {table.TreatedRows:N0} treated) to have treated and control rows in both the training and the holdout part; add rows or change --holdout.");
        }

        terminal.Begin($"Fitting the {learnerName}-learner ({baseName}) on {train.Length:N0} rows");
        var all = new UpliftData(features, table.Treatment, table.Outcome, [table.ControlName, table.TreatedName]);
        IUpliftModel model;
        try
        {
            model = Learner(learnerName, baseName, binary, seed).Fit(all.Subset(train));
        }
        catch (ArgumentException ex)
        {
            throw new BadInputException($"{path}: {PersonalizeCli.Describe(ex)}");
        }

        terminal.Begin($"Scoring {n:N0} rows and evaluating on the holdout");
        var effects = new double[n];
        model.PredictEffects(features, effects);
        var warnings = new List<string>();
        if (effects.Length > 0 && effects.All(e => e == effects[0]))
        {
            // A constant model (for example gradient boosting whose leaves could not split) ranks nobody above anybody;
            // OfferPolicy keeps tied customers together, so nobody is targeted unless --top covers every row.
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"every row has the same predicted uplift ({effects[0]:G4}): the model found no difference between customers{(baseName == "gbm" ? " (the gradient boosting trees could not split; more rows or --base linear may help)" : "")}; rows are not ranked or targeted by file order."));
        }

        // Holdout evaluation: the model never saw these rows.
        double[] testOutcome = test.Select(i => table.Outcome[i]).ToArray();
        double[] testScore = test.Select(i => effects[i]).ToArray();
        // scikit-uplift's normalized areas need a 0/1 outcome (their perfect curves do); the causalml scores take any outcome.
        double qini = binary ? UpliftMetrics.QiniAucScore(testOutcome, testScore, testTreatment) : double.NaN;
        double auuc = binary ? UpliftMetrics.UpliftAucScore(testOutcome, testScore, testTreatment) : double.NaN;
        double causalQini = UpliftMetrics.CausalMLQiniScore(testOutcome, testScore, testTreatment);
        double causalAuuc = UpliftMetrics.CausalMLAuucScore(testOutcome, testScore, testTreatment);
        var atK = s_atK.Select(k => new UpliftAtK(k, UpliftMetrics.UpliftAtK(testOutcome, testScore, testTreatment, k))).ToArray();
        double overall = MeanDifference(testOutcome, testTreatment, _ => true);

        // Targeting: value x uplift - cost > 0, at most --top of the rows, best first.
        int maxTreated = (int)Math.Floor(top * n);
        OfferAssignment policy = OfferPolicy.Assign(effects, 1, new OfferPolicyOptions
        {
            Arms = [new ArmEconomics { ValuePerOutcome = value, CostPerTreated = cost }],
            MaxTreated = maxTreated,
        });
        bool[] target = policy.Arms.Select(a => a == 1).ToArray();
        int[] rank = Ranks(effects);
        var isTest = new bool[n];
        foreach (int i in test)
        {
            isTest[i] = true;
        }

        int targeted = target.Count(t => t);
        double predictedIncrement = 0;
        for (int i = 0; i < n; i++)
        {
            predictedIncrement += target[i] ? effects[i] : 0;
        }

        double upliftTargeted = MeanDifference(testOutcome, testTreatment, j => target[test[j]]);
        double upliftNotTargeted = MeanDifference(testOutcome, testTreatment, j => !target[test[j]]);

        terminal.Begin("Writing uplift.csv");
        string csvPath = output.PathOf("uplift.csv");
        using (var csv = new CsvOutput(output.Create("uplift.csv"), "id", "predicted_uplift", "rank", "target", "holdout"))
        {
            for (int i = 0; i < n; i++)
            {
                csv.Row(table.Ids[i], effects[i], rank[i], target[i] ? "yes" : "no", isTest[i] ? "yes" : "no");
            }
        }

        string jsonPath = output.PathOf("uplift.json");
        var summary = new
        {
            schema = "personalize.uplift/v1",
            input = new { path = Path.GetFileName(path), rowsRead = table.RowsRead, rowsUsed = n, rowsOtherArms = table.RowsOtherArms, rowsRejected = table.Report.RejectedCount },
            treatment = new { column = treatmentColumn, control = table.ControlName, treated = table.TreatedName, controlRows = table.ControlRows, treatedRows = table.TreatedRows },
            outcome = new { column = outcomeColumn, binary, controlMean = Mean(table.Outcome, table.Treatment, 0), treatedMean = Mean(table.Outcome, table.Treatment, 1) },
            features = features.ColumnNames,
            learner = learnerName,
            baseLearner = baseName,
            seed,
            holdout = new
            {
                fraction = holdout,
                rows = test.Length,
                treatedRows = testTreatment.Count(t => t == 1),
                controlRows = testTreatment.Count(t => t == 0),
                qiniCoefficient = qini,
                auuc,
                causalmlQini = causalQini,
                causalmlAuuc = causalAuuc,
                overallUplift = overall,
                upliftAtK = atK,
            },
            targeting = new
            {
                top,
                valuePerOutcome = value,
                costPerTreated = cost,
                rowsScored = n,
                targeted,
                targetedShare = (double)targeted / n,
                predictedIncrementalOutcome = predictedIncrement,
                expectedNetValue = policy.TotalExpectedValue,
                holdoutUpliftTargeted = upliftTargeted,
                holdoutUpliftNotTargeted = upliftNotTargeted,
            },
            warnings,
            files = new { csv = "uplift.csv" },
        };
        string json = JsonSerializer.Serialize(summary, ToolJson.Options);
        output.WriteText("uplift.json", json);

        foreach (string warning in warnings)
        {
            terminal.Text.WriteLine($"Warning: {warning}");
        }

        terminal.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n:N0} rows ({table.ControlRows:N0} '{table.ControlName}', {table.TreatedRows:N0} '{table.TreatedName}'), {features.ColumnCount} features, {learnerName}-learner on {baseName}, {test.Length:N0} held out"));
        terminal.Text.WriteLine(binary
            ? string.Create(CultureInfo.InvariantCulture, $"Holdout: Qini coefficient {qini:0.000}, AUUC {auuc:0.000}, overall uplift {overall:+0.0000;-0.0000}")
            : string.Create(CultureInfo.InvariantCulture, $"Holdout: causalml Qini {causalQini:0.000}, causalml AUUC {causalAuuc:0.000}, overall uplift {overall:+0.0000;-0.0000}"));
        var view = new ConsoleTable("top share", "uplift@k", "vs overall");
        foreach (UpliftAtK k in atK)
        {
            view.AddRow($"{k.Fraction:0%}", k.Uplift, k.Uplift - overall);
        }

        view.Write(terminal.Text);
        terminal.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Target {targeted:N0} of {n:N0} ({(double)targeted / n:0.0%}): predicted +{predictedIncrement:0.0} {outcomeColumn}; holdout uplift {upliftTargeted:+0.0000;-0.0000} targeted vs {upliftNotTargeted:+0.0000;-0.0000} not targeted"));
        terminal.Text.WriteLine($"-> {csvPath}, {jsonPath}");
        output.Commit();
        terminal.Json(json);
        return ExitCodes.Success;
    }

    private static string[] Columns(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    private static double Fraction(ParsedOptions options, string name, bool allowOne) =>
        options.GetDouble(name, v => v > 0 && (allowOne ? v <= 1 : v < 1), $"a number greater than 0 and {(allowOne ? "at most" : "less than")} 1");

    private static double Number(ParsedOptions options, string name) =>
        options.GetDouble(name, v => v >= 0, "a number of at least 0");

    private static IUpliftEstimator Learner(string learner, string baseName, bool binary, int seed)
    {
        bool gbm = baseName == "gbm";
        IBaseLearner Outcome(bool classifier) => gbm
            ? new GradientBoosting(new GradientBoostingOptions { Objective = classifier ? GradientBoostingObjective.Logistic : GradientBoostingObjective.SquaredError, Seed = seed })
            : classifier ? new LogisticRegression() : new RidgeRegression();
        IBaseLearner Effect() => gbm ? new GradientBoosting(new GradientBoostingOptions { Seed = seed }) : new RidgeRegression();

        return learner switch
        {
            "s" => new SLearner(new SLearnerOptions { Learner = Outcome(binary) }),
            "t" => new TLearner(new TLearnerOptions { Learner = Outcome(binary) }),
            "x" => new XLearner(new XLearnerOptions { OutcomeLearner = Outcome(binary), EffectLearner = Effect() }),
            "dr" => new DRLearner(new DRLearnerOptions { OutcomeLearner = Outcome(binary), EffectLearner = Effect(), Seed = seed }),
            _ => new ClassTransformation(new ClassTransformationOptions { Learner = binary ? Outcome(true) : Effect() }),
        };
    }

    /// <summary>A seeded random split: the first round(n x holdout) shuffled rows are held out; both parts sorted.</summary>
    private static (int[] Train, int[] Test) Split(int count, double holdout, int seed)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        int held = (int)Math.Round(count * holdout);
        int[] test = order[..held];
        int[] train = order[held..];
        Array.Sort(train);
        Array.Sort(test);
        return (train, test);
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

    private static double Mean(double[] outcome, int[] treatment, int arm)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < outcome.Length; i++)
        {
            if (treatment[i] == arm)
            {
                sum += outcome[i];
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>Mean outcome of treated minus control rows among the selected rows; NaN when a group is empty.</summary>
    private static double MeanDifference(double[] outcome, int[] treatment, Func<int, bool> selected)
    {
        double sumT = 0, sumC = 0;
        int nT = 0, nC = 0;
        for (int i = 0; i < outcome.Length; i++)
        {
            if (!selected(i))
            {
                continue;
            }

            if (treatment[i] == 1)
            {
                sumT += outcome[i];
                nT++;
            }
            else
            {
                sumC += outcome[i];
                nC++;
            }
        }

        return nT == 0 || nC == 0 ? double.NaN : (sumT / nT) - (sumC / nC);
    }

    internal sealed record UpliftAtK(double Fraction, double Uplift);

    /// <summary>The rows of one control and one treated arm: ids, 0/1 treatment, outcome and raw feature cells.</summary>
    private sealed class ExperimentTable
    {
        private readonly string[] _numeric;
        private readonly string[] _categorical;
        private readonly List<double> _numericValues = [];
        private readonly List<string>[] _categoryValues;

        private ExperimentTable(string[] numeric, string[] categorical)
        {
            _numeric = numeric;
            _categorical = categorical;
            _categoryValues = categorical.Select(_ => new List<string>()).ToArray();
        }

        public string[] Ids { get; private set; } = [];

        public int[] Treatment { get; private set; } = [];

        public double[] Outcome { get; private set; } = [];

        public string ControlName { get; private set; } = "";

        public string TreatedName { get; private set; } = "";

        public long RowsRead { get; private set; }

        public CsvReadReport Report { get; private init; } = new();

        public long RowsOtherArms { get; private set; }

        public int ControlRows => Treatment.Count(t => t == 0);

        public int TreatedRows => Treatment.Count(t => t == 1);

        public FeatureMatrix<double> Features()
        {
            int n = Outcome.Length;
            var matrices = new List<FeatureMatrix<double>>();
            if (_numeric.Length > 0)
            {
                matrices.Add(FeatureMatrix<double>.FromOwnedArray(_numericValues.ToArray(), n, _numeric.Length, _numeric));
            }

            for (int c = 0; c < _categorical.Length; c++)
            {
                var encoder = new Personalization.Features.OneHotEncoder(new Personalization.Features.OneHotEncoderOptions { ColumnName = _categorical[c] });
                matrices.Add(encoder.Fit(_categoryValues[c]).Transform(_categoryValues[c]));
            }

            return matrices.Count == 1 ? matrices[0] : Personalization.Features.FeatureMatrices.ConcatenateColumns(matrices);
        }

        public static ExperimentTable Read(ParsedOptions options, string treatmentColumn, string control, string? treated, string outcomeColumn, string[] numeric, string[] categorical, string? idColumn, Terminal terminal)
        {
            string path = CsvInput.ExistingInput(options);
            CsvReadOptions readOptions = CsvInput.ReadOptions(options);
            var report = new CsvReadReport();
            string[] text = [treatmentColumn, .. categorical, .. idColumn is null ? Array.Empty<string>() : [idColumn]];
            var schema = new CsvTableSchema { Text = text, Numbers = [outcomeColumn, .. numeric] };
            var table = new ExperimentTable(numeric, categorical) { Report = report };
            var ids = new List<string>();
            var arms = new List<string>();
            var outcome = new List<double>();
            Terminal.Step step = terminal.Begin($"Reading {Path.GetFileName(path)}");
            CsvInput.Guard(() =>
            {
                foreach (CsvTableRow row in CsvTableReader.Read(path, schema, report, readOptions))
                {
                    step.Row();
                    string arm = row.Text[0];
                    if (arm != control && treated is not null && arm != treated)
                    {
                        table.RowsOtherArms++;
                        continue;
                    }

                    arms.Add(arm);
                    ids.Add(idColumn is null ? row.Line.ToString(CultureInfo.InvariantCulture) : row.Text[^1]);
                    outcome.Add(row.Numbers[0]);
                    for (int c = 0; c < numeric.Length; c++)
                    {
                        table._numericValues.Add(row.Numbers[c + 1]);
                    }

                    for (int c = 0; c < categorical.Length; c++)
                    {
                        table._categoryValues[c].Add(row.Text[c + 1]);
                    }
                }
            });
            if (report.RejectedCount > 0 && !options.Has("skip-bad-rows") && numeric.Length > 0
                && report.RejectedRows[0] is { Column: var column } first && numeric.Contains(column, StringComparer.Ordinal) && first.Value is { Length: > 0 })
            {
                throw new BadInputException($"{first}; list text columns with --categorical ({report.RejectedCount:N0} malformed row(s); fix them or pass --skip-bad-rows).");
            }

            CsvInput.CheckRejections(options, report, terminal.Text);
            table.RowsRead = report.RowsRead;

            string[] found = arms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (!found.Contains(control, StringComparer.Ordinal))
            {
                throw new BadInputException($"{path}: no row has {treatmentColumn} = '{control}' (the --control value); values found: {string.Join(", ", found)}.");
            }

            string[] others = found.Where(v => v != control).ToArray();
            if (others.Length == 0)
            {
                throw new BadInputException($"{path}: no treated rows ({treatmentColumn} = {(treated is null ? "anything but '" + control + "'" : "'" + treated + "'")}).");
            }

            if (others.Length > 1)
            {
                throw new BadInputException($"{path}: {treatmentColumn} holds several treated values ({string.Join(", ", others)}); choose one with --treated.");
            }

            table.ControlName = control;
            table.TreatedName = others[0];
            table.Ids = ids.ToArray();
            table.Outcome = outcome.ToArray();
            table.Treatment = arms.Select(a => a == control ? 0 : 1).ToArray();
            return table;
        }
    }
}
