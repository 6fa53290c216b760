using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Personalization.Conformance.Tests.Harness;
using Personalization.Uplift;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>
/// Checks scikit-uplift metrics: every field of <c>expected</c> is computed from <c>input.y</c>,
/// <c>input.treatment</c> and <c>input.uplift</c>. Field names carry their parameters
/// (<c>uplift_at_30pct_by_group</c>, <c>weighted_average_uplift_overall_10</c>); an unknown field fails.
/// </summary>
public sealed partial class UpliftMetricsChecker : IConformanceChecker
{
    /// <inheritdoc />
    public string Kind => "uplift_metrics";

    /// <inheritdoc />
    public void Check(ConformanceCase testCase)
    {
        double[] y = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "y"));
        int[] t = ConformanceCase.IntVector(ConformanceCase.Require(testCase.Input, "treatment"));
        double[] score = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "uplift"));
        bool negativeEffect = !testCase.Input.TryGetProperty("negative_effect", out JsonElement ne) || ne.ValueKind != JsonValueKind.False;

        UpliftCurve? qini = null;
        UpliftCurve? uplift = null;
        foreach (JsonProperty field in testCase.Expected.EnumerateObject())
        {
            string name = field.Name;
            JsonElement expected = field.Value;
            switch (name)
            {
                case "qini_auc_score":
                    testCase.AssertClose(name, UpliftMetrics.QiniAucScore(y, score, t, negativeEffect), expected);
                    continue;
                case "uplift_auc_score":
                    testCase.AssertClose(name, UpliftMetrics.UpliftAucScore(y, score, t), expected);
                    continue;
                case "qini_curve_x":
                    qini ??= UpliftMetrics.QiniCurve(y, score, t);
                    testCase.AssertClose(name, qini.Counts.AsSpan(), expected);
                    continue;
                case "qini_curve_y":
                    qini ??= UpliftMetrics.QiniCurve(y, score, t);
                    testCase.AssertClose(name, qini.Values.AsSpan(), expected);
                    continue;
                case "uplift_curve_x":
                    uplift ??= UpliftMetrics.UpliftCurve(y, score, t);
                    testCase.AssertClose(name, uplift.Counts.AsSpan(), expected);
                    continue;
                case "uplift_curve_y":
                    uplift ??= UpliftMetrics.UpliftCurve(y, score, t);
                    testCase.AssertClose(name, uplift.Values.AsSpan(), expected);
                    continue;
            }

            Match atK = AtKPattern().Match(name);
            if (atK.Success)
            {
                double fraction = double.Parse(atK.Groups[1].Value, CultureInfo.InvariantCulture) / 100.0;
                testCase.AssertClose(name, UpliftMetrics.UpliftAtK(y, score, t, fraction, Strategy(atK.Groups[2].Value)), expected);
                continue;
            }

            Match weighted = WeightedPattern().Match(name);
            if (weighted.Success)
            {
                int bins = int.Parse(weighted.Groups[2].Value, CultureInfo.InvariantCulture);
                testCase.AssertClose(name, UpliftMetrics.WeightedAverageUplift(y, score, t, bins, Strategy(weighted.Groups[1].Value)), expected);
                continue;
            }

            throw testCase.Fail($"unknown expected field \"{name}\"; teach {nameof(UpliftMetricsChecker)} what it means.");
        }
    }

    private static UpliftAtKStrategy Strategy(string name) =>
        name == "by_group" ? UpliftAtKStrategy.ByGroup : UpliftAtKStrategy.Overall;

    [GeneratedRegex(@"^uplift_at_(\d+(?:\.\d+)?)pct_(by_group|overall)$", RegexOptions.CultureInvariant)]
    private static partial Regex AtKPattern();

    [GeneratedRegex(@"^weighted_average_uplift_(by_group|overall)_(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex WeightedPattern();
}
