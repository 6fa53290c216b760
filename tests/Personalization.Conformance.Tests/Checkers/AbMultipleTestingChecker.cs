using System.Text.Json;
using Personalization.Conformance.Tests.Harness;
using Personalization.Experiments;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>ab_multiple_testing: Bonferroni, Holm and Benjamini-Hochberg adjusted p-values and rejections.</summary>
public sealed class AbMultipleTestingChecker : IConformanceChecker
{
    public string Kind => "ab_multiple_testing";

    public void Check(ConformanceCase testCase)
    {
        double[] p = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "p_values"));
        double alpha = testCase.Input.TryGetProperty("alpha", out JsonElement a) ? ConformanceCase.Number(a) : 0.05;
        (string Key, MultipleTestingCorrection Correction)[] methods =
            [("bonferroni", MultipleTestingCorrection.Bonferroni), ("holm", MultipleTestingCorrection.Holm), ("benjamini_hochberg", MultipleTestingCorrection.BenjaminiHochberg)];
        foreach ((string key, MultipleTestingCorrection correction) in methods)
        {
            AdjustedPValues result = PValueAdjustment.Adjust(p, correction, alpha);
            if (testCase.Expected.TryGetProperty(key + "_adjusted", out JsonElement adjusted))
            {
                testCase.AssertClose(key + "_adjusted", result.Adjusted.AsSpan(), adjusted);
            }

            if (testCase.Expected.TryGetProperty(key + "_reject", out JsonElement rejected))
            {
                testCase.AssertEqual(key + "_reject", result.Rejected.Select(x => x ? 1 : 0).ToArray(), rejected);
            }
        }
    }
}
