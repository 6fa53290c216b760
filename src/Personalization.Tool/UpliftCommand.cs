using System.Globalization;
using System.Text.Json;
using Personalization.Features;
using Personalization.Uplift;

namespace Personalization.Cli;

/// <summary>
/// <c>personalize uplift</c>: an uplift model (meta-learner or forest) on a randomised experiment -> holdout Qini / uplift@k
/// -> whom to target, among the experiment's rows or the rows of a --score file; the model is saved to score later (--model).
/// </summary>
internal sealed partial class UpliftCommand : ICommand
{
    private static readonly double[] s_atK = [0.1, 0.2, 0.3, 0.4, 0.5];

    public string Name => "uplift";

    public string Summary => "Fit an uplift model (S/T/X/DR/R/class learner, uplift or causal forest) on an experiment, score it on a holdout and pick whom to target, in the experiment or in a file to score.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("input", "Experiment CSV (.csv or .csv.gz) to fit on: one row per unit with a treatment column, an outcome column and feature columns (required unless --model)."),
        new("score", "CSV of the customers to score (the id and feature columns; no treatment or outcome needed): uplift.csv then holds its rows instead of the experiment's."),
        new("model", "A saved uplift.model.json to score --score with, without fitting (no --input)."),
        new("treatment", "The column holding each unit's arm (required to fit)."),
        new("control", "The control value of --treatment.", Default: "0"),
        new("treated", "The treated value of --treatment; needed only when the column holds several non-control values (rows of other arms are left out)."),
        new("outcome", "The outcome column: 0/1 (visit, conversion) or a number (spend) (required to fit)."),
        new("features", "Comma-separated numeric feature columns (required to fit)."),
        new("categorical", "Comma-separated categorical feature columns, one-hot encoded (need not be repeated in --features)."),
        new("id", "A column identifying each row in uplift.csv; default: the input (or --score) line number."),
        new("learner", "Uplift model: the s, t, x, dr, r or class meta-learner, uplift-forest (uplift random forest; 0/1 outcome) or causal-forest (generalized random forest, with intervals).", Default: "t", Choices: s_learners),
        new("base", "Base learner of the meta-learners and of the causal forest's outcome model: gbm (gradient boosting), forest (random forest) or linear (logistic regression for a 0/1 outcome, ridge otherwise); the uplift forest has none.", Default: "gbm", Choices: s_bases),
        new("folds", "Cross-fitting folds of the x, dr and r learners' first stage (0 or 1: off; default off for x, 5 for dr and r) or of the causal forest's nuisance models (2 to 20; default 5)."),
        new("intervals", "Confidence level of per-row uplift intervals, for example 0.95: adds uplift_lower and uplift_upper to uplift.csv (causal-forest only)."),
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
        "                          [--learner s|t|x|dr|r|class|uplift-forest|causal-forest] [--base gbm|forest|linear] [--folds N] [--intervals 0.95]\n" +
        "                          [--score <customers.csv>] [--holdout 0.3] [--seed 42] [--top 0.3] [--value 1] [--cost 0] [--output <dir>]\n" +
        "       personalize uplift --model <uplift.model.json> --score <customers.csv> [--id <col>] [--intervals 0.95] [--top 0.3] [--value 1] [--cost 0] [--output <dir>]",
        "Writes uplift.csv (id, predicted_uplift, [uplift_lower, uplift_upper,] rank, target, and holdout when no --score; one row per\n" +
        "control or treated row, or per --score row), uplift.json (schema personalize.uplift/v1: counts, learner, holdout Qini coefficient\n" +
        "and AUUC, uplift@k, targeting summary) and uplift.model.json (the fitted model, for --model). The model is fitted on the training\n" +
        "rows and scores every row; the metrics use the holdout rows only. With --model nothing is fitted: the saved model scores --score.",
        "personalize uplift --input hillstrom.csv --treatment segment --control \"No E-Mail\" --treated \"Womens E-Mail\" --outcome visit --features recency,history,mens,womens,newbie --categorical zip_code,channel");

    public int Execute(ParsedOptions options, Terminal terminal)
    {
        string? scorePath = options.Get("score");
        string? modelPath = options.Get("model");
        string? idColumn = options.Get("id");
        double top = Fraction(options, "top", allowOne: true);
        double value = Number(options, "value");
        double cost = Number(options, "cost");
        double? level = options.Has("intervals")
            ? options.GetDouble("intervals", v => v > 0 && v < 1, "a confidence level greater than 0 and less than 1, such as 0.95")
            : null;
        if (modelPath is not null)
        {
            return ScoreSavedModel(options, terminal, modelPath, scorePath, idColumn, level, top, value, cost);
        }

        string path = options.Required("input");
        string treatmentColumn = options.Required("treatment");
        string control = options.Get("control")!;
        string? treated = options.Get("treated");
        string outcomeColumn = options.Required("outcome");
        string[] numeric = Columns(options.Required("features"));
        string[] categorical = Columns(options.Get("categorical"));
        numeric = numeric.Where(c => !categorical.Contains(c, StringComparer.Ordinal)).ToArray();
        if (numeric.Length + categorical.Length == 0)
        {
            throw new UsageException("--features names no column.");
        }

        string learnerName = options.Get("learner")!;
        if (!s_learners.Contains(learnerName))
        {
            throw new UsageException($"--learner must be s, t, x, dr, r, class, uplift-forest or causal-forest, not '{learnerName}'.");
        }

        string baseName = options.Get("base")!;
        if (!s_bases.Contains(baseName))
        {
            throw new UsageException($"--base must be gbm, forest or linear, not '{baseName}'.");
        }

        int? folds = Folds(options, learnerName);
        if (level is not null)
        {
            CheckIntervals(learnerName);
        }

        double holdout = Fraction(options, "holdout", allowOne: false);
        int seed = options.GetInt("seed", 0, int.MaxValue)!.Value;
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

        using var output = new OutputFiles(options, "uplift.csv", "uplift.json", UpliftModelFile.FileName);
        if (scorePath is not null)
        {
            CheckNotReplaced(output, "score", scorePath, "uplift.csv", "uplift.json", UpliftModelFile.FileName);
            if (!File.Exists(scorePath))
            {
                throw new BadInputException($"{scorePath}: the --score file does not exist.");
            }
        }

        ExperimentTable table = ExperimentTable.Read(options, treatmentColumn, control, treated, outcomeColumn, numeric, categorical, idColumn, terminal);
        (FeatureMatrix<double> features, OneHotEncoderModel[] encoders) = table.Features();
        int n = table.Outcome.Length;
        bool binary = table.Outcome.All(v => v is 0 or 1);
        if (learnerName == "uplift-forest" && !binary)
        {
            double other = table.Outcome.First(v => v is not (0 or 1));
            throw new BadInputException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: --learner uplift-forest needs a 0/1 outcome, but {outcomeColumn} holds other values (for example {other}); use causal-forest or a meta-learner for a numeric outcome."));
        }

        var all = new UpliftData(features, table.Treatment, table.Outcome, [table.ControlName, table.TreatedName]);
        UpliftSplit split;
        try
        {
            split = all.Split(holdout, seed);
        }
        catch (ArgumentException)
        {
            throw new BadInputException($"{path}: too few rows ({table.ControlRows:N0} control, {table.TreatedRows:N0} treated) to have treated and control rows in both the training and the holdout part; add rows or change --holdout.");
        }

        int[] train = [.. split.TrainRows];
        int[] test = [.. split.TestRows];
        int[] testTreatment = split.Test.Treatment.ToArray();
        terminal.Begin($"Fitting the {Describe(learnerName, baseName)} on {train.Length:N0} rows");
        IUpliftModel model;
        try
        {
            model = Learner(learnerName, baseName, binary, seed, folds).Fit(split.Train);
        }
        catch (ArgumentException ex)
        {
            throw new BadInputException($"{path}: {PersonalizeCli.Describe(ex)}");
        }

        var saved = new UpliftModelFile
        {
            Learner = learnerName,
            BaseLearner = baseName,
            BinaryOutcome = binary,
            TreatmentColumn = treatmentColumn,
            OutcomeColumn = outcomeColumn,
            ArmNames = [table.ControlName, table.TreatedName],
            Numeric = numeric,
            Encoders = encoders,
            FeatureNames = [.. features.ColumnNames],
            Model = model,
        };

        terminal.Begin($"Scoring {n:N0} rows and evaluating on the holdout");
        ScoredRows experiment = Score(model, features, scorePath is null ? level : null);
        double[] effects = experiment.Uplift;
        var warnings = new List<string>();
        if (effects.Length > 0 && effects.All(e => e == effects[0]))
        {
            // A constant model (for example gradient boosting whose leaves could not split) ranks nobody above anybody;
            // OfferPolicy keeps tied customers together, so nobody is targeted unless --top covers every row.
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"every row has the same predicted uplift ({effects[0]:G4}): the model found no difference between customers{(baseName == "gbm" && learnerName is not ("uplift-forest" or "causal-forest") ? " (the gradient boosting trees could not split; more rows or --base linear may help)" : "")}; rows are not ranked or targeted by file order."));
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

        // The rows written: the experiment's, or those of the --score file.
        string[] ids = table.Ids;
        ScoredRows scored = experiment;
        long scoreRowsRead = 0;
        if (scorePath is not null)
        {
            (ids, FeatureMatrix<double> scoreFeatures, scoreRowsRead) = saved.ReadScored(scorePath, options, idColumn, terminal);
            terminal.Begin($"Scoring {ids.Length:N0} rows of {Path.GetFileName(scorePath)}");
            scored = Score(model, scoreFeatures, level);
        }

        Targeting targeting = Target(scored.Uplift, top, value, cost);
        bool[] target = targeting.Target;
        int rows = ids.Length;
        bool[]? isTest = null;
        double upliftTargeted = double.NaN, upliftNotTargeted = double.NaN;
        if (scorePath is null)
        {
            isTest = new bool[n];
            foreach (int i in test)
            {
                isTest[i] = true;
            }

            upliftTargeted = MeanDifference(testOutcome, testTreatment, j => target[test[j]]);
            upliftNotTargeted = MeanDifference(testOutcome, testTreatment, j => !target[test[j]]);
        }

        terminal.Begin($"Writing uplift.csv and {UpliftModelFile.FileName}");
        string csvPath = output.PathOf("uplift.csv");
        WriteCsv(output, ids, scored, saved.ArmNames, targeting, isTest);
        string modelFilePath = output.PathOf(UpliftModelFile.FileName);
        using (Stream modelFile = output.Create(UpliftModelFile.FileName))
        {
            saved.Write(modelFile);
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
            baseLearner = learnerName == "uplift-forest" ? null : baseName,
            folds,
            intervals = level,
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
            score = scorePath is null ? null : new { path = Path.GetFileName(scorePath), rowsRead = scoreRowsRead, rowsScored = rows },
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
                holdoutUpliftTargeted = scorePath is null ? upliftTargeted : (double?)null,
                holdoutUpliftNotTargeted = scorePath is null ? upliftNotTargeted : (double?)null,
            },
            warnings,
            files = new { csv = "uplift.csv", model = UpliftModelFile.FileName },
        };
        string json = JsonSerializer.Serialize(summary, ToolJson.Options);
        output.WriteText("uplift.json", json);

        foreach (string warning in warnings)
        {
            terminal.Text.WriteLine($"Warning: {warning}");
        }

        terminal.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n:N0} rows ({table.ControlRows:N0} '{table.ControlName}', {table.TreatedRows:N0} '{table.TreatedName}'), {features.ColumnCount} features, {Describe(learnerName, baseName)}, {test.Length:N0} held out"));
        terminal.Text.WriteLine(binary
            ? string.Create(CultureInfo.InvariantCulture, $"Holdout: Qini coefficient {qini:0.000}, AUUC {auuc:0.000}, overall uplift {overall:+0.0000;-0.0000}")
            : string.Create(CultureInfo.InvariantCulture, $"Holdout: causalml Qini {causalQini:0.000}, causalml AUUC {causalAuuc:0.000}, overall uplift {overall:+0.0000;-0.0000}"));
        var view = new ConsoleTable("top share", "uplift@k", "vs overall");
        foreach (UpliftAtK k in atK)
        {
            view.AddRow($"{k.Fraction:0%}", k.Uplift, k.Uplift - overall);
        }

        view.Write(terminal.Text);
        terminal.Text.WriteLine(scorePath is null
            ? string.Create(CultureInfo.InvariantCulture, $"Target {targeting.Count:N0} of {rows:N0} ({(double)targeting.Count / rows:0.0%}): predicted +{targeting.PredictedIncrement:0.0} {outcomeColumn}; holdout uplift {upliftTargeted:+0.0000;-0.0000} targeted vs {upliftNotTargeted:+0.0000;-0.0000} not targeted")
            : string.Create(CultureInfo.InvariantCulture, $"Scored {rows:N0} rows of {Path.GetFileName(scorePath)}: target {targeting.Count:N0} ({(double)targeting.Count / rows:0.0%}), predicted +{targeting.PredictedIncrement:0.0} {outcomeColumn}"));
        terminal.Text.WriteLine($"-> {csvPath}, {jsonPath}, {modelFilePath}");
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
}
