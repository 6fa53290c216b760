using System.Globalization;
using Personalization.Cli;
using Personalization.Uplift;

namespace Personalization.Samples.Tests;

/// <summary>
/// <c>personalize uplift</c> on Hillstrom slices: fitting on one file and scoring another (--score), scoring later with the
/// saved model (--model), the r / uplift-forest / causal-forest learners, the forest base learner, --folds and --intervals.
/// </summary>
public sealed class PersonalizeUpliftScoringTests
{
    private const int TrainRows = 2000;
    private const int ScoreRows = 800;

    [Fact]
    public void Uplift_FitOnOneFileScoreAnother_WritesOneRowPerScoredRow()
    {
        using var folder = new TempFolder();
        (string train, string score) = Files(folder);

        (int exit, string output, string error) = Fit(train, folder.File("out"), "--score", score);

        Assert.True(exit == 0, error);
        Assert.Contains($"Scored {ScoreRows:N0} rows of customers.csv", output, StringComparison.Ordinal);
        string[] scoreHeader = File.ReadLines(score).First().Split(',');
        Assert.DoesNotContain("segment", scoreHeader);
        Assert.DoesNotContain("visit", scoreHeader);
        string[][] csv = Outputs.ReadCsv(folder.File("out/uplift.csv"));
        Assert.Equal(["id", "predicted_uplift", "rank", "target"], csv[0]);
        Assert.Equal(ScoreRows, csv.Length - 1);
        Assert.Equal(Enumerable.Range(2, ScoreRows).Select(i => i.ToString(CultureInfo.InvariantCulture)), csv[1..].Select(r => r[0])); // line numbers of the scored file
        Assert.All(csv[1..], r => Assert.True(double.IsFinite(double.Parse(r[1], CultureInfo.InvariantCulture))));
        Assert.InRange(csv[1..].Count(r => r[3] == "yes"), 1, (int)(0.3 * ScoreRows));
        var json = Outputs.ReadJson(folder.File("out/uplift.json"));
        Assert.Equal(ScoreRows, json.GetProperty("score").GetProperty("rowsScored").GetInt32());
        Assert.Equal(ScoreRows, json.GetProperty("targeting").GetProperty("rowsScored").GetInt32());
        Assert.Equal(TrainRows, json.GetProperty("input").GetProperty("rowsRead").GetInt32());
        Assert.Equal("uplift.model.json", json.GetProperty("files").GetProperty("model").GetString());
        Assert.True(File.Exists(folder.File("out/uplift.model.json")));
    }

    [Fact]
    public void Uplift_WithoutScore_WritesTheExperimentRowsAndTheModel()
    {
        using var folder = new TempFolder();
        (string train, _) = Files(folder);

        (int exit, _, string error) = Fit(train, folder.Path);

        Assert.True(exit == 0, error);
        Assert.Equal(["id", "predicted_uplift", "rank", "target", "holdout"], Outputs.ReadCsv(folder.File("uplift.csv"))[0]);
        Assert.True(File.Exists(folder.File("uplift.model.json")));
    }

    [Theory]
    [InlineData("t", "gbm", null)]
    [InlineData("t", "forest", null)]
    [InlineData("x", "forest", "2")]
    [InlineData("dr", "linear", "0")]
    [InlineData("r", "gbm", null)]
    [InlineData("r", "linear", "3")]
    [InlineData("uplift-forest", "gbm", null)]
    [InlineData("causal-forest", "linear", "2")]
    public void Uplift_EveryLearner_FitsScoresAndTheSavedModelScoresIdentically(string learner, string baseLearner, string? folds)
    {
        using var folder = new TempFolder();
        (string train, string score) = Files(folder);
        string[] extra = ["--learner", learner, "--base", baseLearner, "--score", score, .. folds is null ? Array.Empty<string>() : ["--folds", folds]];

        (int exit, _, string error) = Fit(train, folder.File("fit"), extra);
        Assert.True(exit == 0, error);
        (exit, string output, error) = Run("uplift", "--model", folder.File("fit/uplift.model.json"), "--score", score, "--output", folder.File("reuse"));

        Assert.True(exit == 0, error);
        Assert.Contains("with the saved", output, StringComparison.Ordinal);
        var json = Outputs.ReadJson(folder.File("fit/uplift.json"));
        Assert.Equal(learner, json.GetProperty("learner").GetString());
        string[][] csv = Outputs.ReadCsv(folder.File("fit/uplift.csv"));
        Assert.Equal(ScoreRows, csv.Length - 1);
        double[] uplift = csv[1..].Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.All(uplift, u => Assert.InRange(u, -1, 1)); // effects on a 0/1 outcome
        Assert.True(uplift.Distinct().Count() > 1, "The model ranks customers.");
        Assert.Equal(File.ReadAllBytes(folder.File("fit/uplift.csv")), File.ReadAllBytes(folder.File("reuse/uplift.csv")));
    }

    [Fact]
    public void Uplift_ModelWithSeveralArms_WritesOneColumnPerArmAndTheBestAsPredicted()
    {
        using var folder = new TempFolder();
        (string train, string score) = Files(folder);
        // A three-arm T-learner (No / Mens / Womens e-mail) fitted by the library and saved the way the tool saves its models.
        string[] header = File.ReadLines(train).First().Split(',');
        string[][] rows = File.ReadLines(train).Skip(1).Select(l => l.Split(',')).Where(r => r.Length == header.Length).ToArray();
        string[] numeric = ["recency", "history", "mens", "womens", "newbie"];
        int[] columns = numeric.Select(c => Array.IndexOf(header, c)).ToArray();
        double[] values = rows.SelectMany(r => columns.Select(c => double.Parse(r[c], CultureInfo.InvariantCulture))).ToArray();
        string[] arms = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"];
        int[] treatment = rows.Select(r => Array.IndexOf(arms, r[Array.IndexOf(header, "segment")])).ToArray();
        double[] visit = rows.Select(r => double.Parse(r[Array.IndexOf(header, "visit")], CultureInfo.InvariantCulture)).ToArray();
        var features = FeatureMatrix<double>.FromOwnedArray(values, rows.Length, numeric.Length, numeric);
        IUpliftModel model = new TLearner(new TLearnerOptions { Learner = new Personalization.Uplift.Learners.LogisticRegression() }).Fit(new UpliftData(features, treatment, visit, arms));
        Assert.Equal(2, model.ArmCount);
        string modelPath = folder.File("three-arms.model.json");
        using (FileStream file = File.Create(modelPath))
        {
            new UpliftModelFile
            {
                Learner = "t",
                BaseLearner = "linear",
                BinaryOutcome = true,
                TreatmentColumn = "segment",
                OutcomeColumn = "visit",
                ArmNames = arms,
                Numeric = numeric,
                Encoders = [],
                FeatureNames = numeric,
                Model = model,
            }.Write(file);
        }

        (int exit, _, string error) = Run("uplift", "--model", modelPath, "--score", score, "--output", folder.File("out"));

        Assert.True(exit == 0, error);
        string[][] csv = Outputs.ReadCsv(folder.File("out/uplift.csv"));
        Assert.Equal(["id", "predicted_uplift", "uplift_Mens E-Mail", "uplift_Womens E-Mail", "rank", "target"], csv[0]);
        Assert.Equal(ScoreRows, csv.Length - 1);
        Assert.All(csv[1..], r => Assert.Equal(
            Math.Max(double.Parse(r[2], CultureInfo.InvariantCulture), double.Parse(r[3], CultureInfo.InvariantCulture)),
            double.Parse(r[1], CultureInfo.InvariantCulture)));
        Assert.Contains(csv[1..], r => r[2] != r[3]);
    }

    [Fact]
    public void Uplift_ModelOnFileWithoutAFeature_ExitsTwoNamingTheColumn()
    {
        using var folder = new TempFolder();
        (string train, string score) = Files(folder);
        Assert.Equal(0, Fit(train, folder.Path).Exit);
        string lacking = folder.File("lacking.csv");
        File.WriteAllLines(lacking, File.ReadLines(score).Select(l => l[..l.LastIndexOf(',')])); // drops channel, the last column

        (int exit, _, string error) = Run("uplift", "--model", folder.File("uplift.model.json"), "--score", lacking, "--output", folder.File("out"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("no column 'channel'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out/uplift.csv")));
    }

    [Fact]
    public void Uplift_CausalForestIntervals_BracketThePredictedUplift()
    {
        using var folder = new TempFolder();
        (string train, string score) = Files(folder);

        (int exit, _, string error) = Fit(train, folder.Path, "--learner", "causal-forest", "--intervals", "0.95", "--score", score);

        Assert.True(exit == 0, error);
        string[][] csv = Outputs.ReadCsv(folder.File("uplift.csv"));
        Assert.Equal(["id", "predicted_uplift", "uplift_lower", "uplift_upper", "rank", "target"], csv[0]);
        Assert.Equal(ScoreRows, csv.Length - 1);
        Assert.All(csv[1..], r =>
        {
            double predicted = double.Parse(r[1], CultureInfo.InvariantCulture);
            double lower = double.Parse(r[2], CultureInfo.InvariantCulture);
            double upper = double.Parse(r[3], CultureInfo.InvariantCulture);
            Assert.True(lower <= predicted && predicted <= upper, $"{lower} <= {predicted} <= {upper}");
            Assert.True(upper > lower, "A causal forest interval has a width.");
        });
        Assert.Equal(0.95, Outputs.ReadJson(folder.File("uplift.json")).GetProperty("intervals").GetDouble());
    }

    [Fact]
    public void Uplift_IntervalsWithTLearner_ExitsOneNamingTheCausalForest()
    {
        using var folder = new TempFolder();
        (string train, _) = Files(folder);

        (int exit, _, string error) = Fit(train, folder.Path, "--learner", "t", "--intervals", "0.95");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("only --learner causal-forest gives", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("uplift.csv")));
    }

    [Fact]
    public void Uplift_IntervalsWithSavedTLearnerModel_ExitsOne()
    {
        using var folder = new TempFolder();
        (string train, string score) = Files(folder);
        Assert.Equal(0, Fit(train, folder.Path).Exit);

        (int exit, _, string error) = Run("uplift", "--model", folder.File("uplift.model.json"), "--score", score, "--intervals", "0.9", "--output", folder.File("out"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("only a causal-forest model gives", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("t", "3", "--learner t does not cross-fit")]
    [InlineData("dr", "21", "--folds must be a whole number from 0 to 20, not '21'")]
    [InlineData("x", "two", "--folds must be a whole number from 0 to 20, not 'two'")]
    [InlineData("r", "-1", "--folds must be a whole number from 0 to 20")]
    [InlineData("causal-forest", "1", "--folds must be from 2 to 20 for the causal forest")]
    public void Uplift_BadFolds_ExitsOne(string learner, string folds, string reason)
    {
        using var folder = new TempFolder();
        (string train, _) = Files(folder);

        (int exit, _, string error) = Fit(train, folder.Path, "--learner", learner, "--folds", folds);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Uplift_UpliftForestOnSpend_ExitsTwoAskingForABinaryOutcome()
    {
        using var folder = new TempFolder();
        (string train, _) = Files(folder);

        (int exit, _, string error) = Run("uplift", "--input", train, "--treatment", "segment", "--control", "No E-Mail", "--treated", "Womens E-Mail", "--outcome", "spend",
            "--features", "recency,history", "--learner", "uplift-forest", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--learner uplift-forest needs a 0/1 outcome, but spend holds other values", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--input", "x.csv", "--input is for fitting")]
    [InlineData("--folds", "3", "--folds is for fitting")]
    public void Uplift_ModelWithFitOption_ExitsOne(string option, string value, string reason)
    {
        (int exit, _, string error) = Run("uplift", "--model", "m.json", "--score", "s.csv", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Uplift_OutputOverTheScoreFile_ExitsOneAndKeepsIt()
    {
        using var folder = new TempFolder();
        (string train, string score) = Files(folder);
        string scoreNamedLikeOutput = folder.File("uplift.csv");
        File.Copy(score, scoreNamedLikeOutput);

        (int exit, _, string error) = Fit(train, folder.Path, "--score", scoreNamedLikeOutput);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("would replace the --score file", error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(score), File.ReadAllBytes(scoreNamedLikeOutput));
    }

    [Fact]
    public void Uplift_ModelWithoutScore_ExitsOne()
    {
        (int exit, _, string error) = Run("uplift", "--model", "m.json");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--model needs --score", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Uplift_ModelThatIsNotAnUpliftModel_ExitsTwo()
    {
        using var folder = new TempFolder();
        (_, string score) = Files(folder);
        string notModel = folder.File("uplift.json");
        File.WriteAllText(notModel, "{\"schema\":\"personalize.uplift/v1\"}");

        (int exit, _, string error) = Run("uplift", "--model", notModel, "--score", score, "--output", folder.File("out"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("not a model written by 'personalize uplift'", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static (int Exit, string Out, string Error) Fit(string input, string output, params string[] extra) =>
        Run(["uplift", "--input", input, "--treatment", "segment", "--control", "No E-Mail", "--treated", "Womens E-Mail", "--outcome", "visit",
            "--features", "recency,history,mens,womens,newbie", "--categorical", "zip_code,channel", "--output", output, .. extra]);

    /// <summary>
    /// The first <see cref="TrainRows"/> Hillstrom rows to fit on, and the next <see cref="ScoreRows"/> as customers.csv
    /// without the treatment and outcome columns (segment, visit, conversion, spend: the last four, never quoted).
    /// </summary>
    private static (string Train, string Score) Files(TempFolder folder)
    {
        string[] lines = File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(1 + TrainRows + ScoreRows).ToArray();
        Assert.EndsWith("channel,segment,visit,conversion,spend", lines[0], StringComparison.Ordinal);
        string train = folder.File("train.csv");
        File.WriteAllLines(train, lines[..(1 + TrainRows)]);
        string score = folder.File("customers.csv");
        File.WriteAllLines(score, ((string[])[lines[0], .. lines[(1 + TrainRows)..]]).Select(DropLastFour));
        return (train, score);

        static string DropLastFour(string line)
        {
            int end = line.Length;
            for (int i = 0; i < 4; i++)
            {
                end = line.LastIndexOf(',', end - 1);
            }

            return line[..end];
        }
    }
}
