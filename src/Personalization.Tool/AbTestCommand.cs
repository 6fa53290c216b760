using System.Globalization;
using System.Text.Json;
using Personalization.Experiments;

namespace Personalization.Cli;

/// <summary><c>personalize abtest</c>: each treatment arm against control on each metric, with SRM, CUPED and Holm.</summary>
internal sealed class AbTestCommand : ICommand
{
    public string Name => "abtest";

    public string Summary => "Analyse A/B(/n) results: SRM check, z-test or Welch per metric, CUPED, Holm, decision.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("arm-column", "The column naming each unit's arm.", Required: true),
        new("control", "The control arm's name.", Required: true),
        new("metric", "A metric column (repeat for several). 0/1 columns use the two-proportion z-test, others Welch's t-test. The first is primary.", Required: true, Repeatable: true),
        new("covariate", "A pre-experiment column for CUPED on the continuous metrics."),
        new("alpha", "Significance level after Holm adjustment.", Default: "0.05"),
        new("output", "Folder for the CSV and JSON results.", Default: "."),
        .. AbTestData.Options,
        .. CsvInput.Options,
        .. Terminal.Options,
    ];

    public CommandHelp Help => new(
        "Usage: personalize abtest --input <results.csv|.parquet> --arm-column <name> --control <arm> --metric <col> [--metric <col>...] [--covariate <col>]\n"
        + "       personalize abtest --provider postgres --connection <string> (--table <name> | --query <select>) --arm-column <name> --control <arm> --metric <col> ...",
        "Writes abtest.csv (one row per arm and metric) and abtest.json (schema personalize.abtest/v1). The sample ratio check assumes an equal split. "
        + "Parquet files and --provider tables are summarised in the engine (per-arm counts and sums); only those sums are read.",
        "personalize abtest --input hillstrom.csv --arm-column segment --control \"No E-Mail\" --metric visit --metric spend --covariate history");

    public int Execute(ParsedOptions options, Terminal terminal)
    {
        double alpha = options.GetDouble("alpha", a => a > 0 && a < 1, "a number between 0 and 1");
        string armColumn = options.Required("arm-column");
        string control = options.Required("control");
        IReadOnlyList<string> metrics = options.GetAll("metric");
        string? covariateColumn = options.Get("covariate");
        foreach (IGrouping<string, string> repeated in metrics.GroupBy(m => m, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new UsageException($"--metric {repeated.Key} is given {repeated.Count()} times; name each metric once (Holm would count it twice).");
        }

        if (metrics.Contains(armColumn, StringComparer.Ordinal) || covariateColumn == armColumn)
        {
            throw new UsageException($"'{armColumn}' is the --arm-column and cannot also be a --metric or the --covariate; pass numeric outcome columns.");
        }

        if (covariateColumn is not null && metrics.Contains(covariateColumn, StringComparer.Ordinal))
        {
            throw new UsageException($"--covariate {covariateColumn} is also a metric; choose a pre-experiment column.");
        }

        using var output = new OutputFiles(options, "abtest.csv", "abtest.json");
        AbTestData data = AbTestData.Load(options, armColumn, metrics, covariateColumn, terminal);

        string[] armNames = data.ArmCounts.Keys.Order(StringComparer.Ordinal).ToArray();
        if (!armNames.Contains(control, StringComparer.Ordinal))
        {
            throw new BadInputException($"{data.Source}: no row has {armColumn} = '{control}'; arms found: {string.Join(", ", armNames)}.");
        }

        if (armNames.Length < 2)
        {
            throw new BadInputException($"{data.Source}: only one arm ('{control}') is present; an A/B test needs a treatment arm.");
        }

        terminal.Begin($"Testing {armNames.Length - 1} arm(s) on {metrics.Count} metric(s)");
        string[] ordered = [control, .. armNames.Where(n => n != control)];
        long[] counts = ordered.Select(n => data.ArmCounts[n]).ToArray();
        SampleRatioMismatchResult srm = SampleRatioMismatch.Check(counts, ordered.Select(_ => 1.0).ToArray());

        var rows = new List<Row>();
        foreach (string arm in ordered.Skip(1))
        {
            foreach (string metric in metrics)
            {
                rows.AddRange(data.Compare(control, arm, metric, covariateColumn));
            }
        }

        AdjustedPValues adjusted = PValueAdjustment.Adjust(rows.Select(r => r.PValue).ToArray(), MultipleTestingCorrection.Holm, alpha);
        for (int i = 0; i < rows.Count; i++)
        {
            rows[i] = rows[i] with { PValueHolm = adjusted.Adjusted[i], Significant = adjusted.Adjusted[i] < alpha };
        }

        string primary = metrics[0];
        var decisions = ordered.Skip(1).Select(arm =>
        {
            Row r = rows.Last(x => x.Arm == arm && x.Metric == primary);
            string decision = srm.IsMismatch ? "investigate"
                : !r.Significant ? "keep-testing"
                : r.Difference > 0 ? "ship" : "do-not-ship";
            return new { arm, metric = primary, decision };
        }).ToArray();

        terminal.Begin("Writing abtest.csv");
        string csvPath = output.PathOf("abtest.csv");
        using (var csv = new CsvOutput(output.Create("abtest.csv"), "arm", "metric", "test", "control_mean", "treatment_mean", "difference", "ci_lower", "ci_upper", "relative_lift", "p_value", "p_value_holm", "significant"))
        {
            foreach (Row r in rows)
            {
                csv.Row(r.Arm, r.Metric, r.Test, r.ControlMean, r.TreatmentMean, r.Difference, r.CiLower, r.CiUpper, r.RelativeLift, r.PValue, r.PValueHolm, r.Significant ? "true" : "false");
            }
        }

        string jsonPath = output.PathOf("abtest.json");
        var summary = new
        {
            schema = "personalize.abtest/v1",
            input = new { path = data.Source, rows = data.Rows, rowsRead = data.RowsRead, rowsRejected = data.RowsRejected },
            control,
            alpha,
            arms = ordered.Select((n, i) => new { name = n, units = counts[i] }),
            sampleRatio = new { chiSquare = srm.Test.Statistic, pValue = srm.Test.PValue, mismatch = srm.IsMismatch },
            results = rows,
            decisions,
            files = new { csv = "abtest.csv" },
        };
        string json = JsonSerializer.Serialize(summary, ToolJson.Options);
        output.WriteText("abtest.json", json);

        terminal.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sample ratio: chi-square {srm.Test.Statistic:0.00}, p = {srm.Test.PValue:0.0000}{(srm.IsMismatch ? " - MISMATCH" : "")}"));
        var view = new ConsoleTable("arm", "metric", "test", "control", "treatment", "difference", "p (Holm)", "significant");
        foreach (Row r in rows)
        {
            view.AddRow(r.Arm, r.Metric, r.Test, r.ControlMean, r.TreatmentMean, r.Difference, r.PValueHolm, r.Significant ? "yes" : "no");
        }

        view.Write(terminal.Text);
        foreach (var d in decisions)
        {
            terminal.Text.WriteLine($"{d.arm}: {d.decision} (primary metric {d.metric})");
        }

        terminal.Text.WriteLine($"-> {csvPath}, {jsonPath}");
        output.Commit();
        terminal.Json(json);
        return ExitCodes.Success;
    }

    internal sealed record Row(string Arm, string Metric, string Test, double ControlMean, double TreatmentMean, double Difference, double CiLower, double CiUpper, double RelativeLift, double PValue, double PValueHolm, bool Significant)
    {
        public static Row From(string arm, string metric, string test, double control, double treatment, TestResult r)
        {
            double diff = double.IsNaN(r.Estimate) ? treatment - control : r.Estimate;
            ConfidenceInterval ci = r.ConfidenceInterval ?? new ConfidenceInterval(double.NaN, double.NaN, 0.95);
            return new Row(arm, metric, test, control, treatment, diff, ci.Lower, ci.Upper, control == 0 ? double.NaN : diff / control, r.PValue, double.NaN, false);
        }
    }
}
