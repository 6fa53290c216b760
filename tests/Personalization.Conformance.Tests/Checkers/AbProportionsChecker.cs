using System.Text.Json;
using Personalization.Conformance.Tests.Harness;
using Personalization.Experiments;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>ab_proportions: pooled two-proportion z-test for each alternative and the Wald interval of the difference.</summary>
public sealed class AbProportionsChecker : IConformanceChecker
{
    public string Kind => "ab_proportions";

    public void Check(ConformanceCase testCase)
    {
        JsonElement input = testCase.Input;
        var control = new ProportionSummary((long)Number(input, "control_n"), (long)Number(input, "control_conversions"));
        var treatment = new ProportionSummary((long)Number(input, "treatment_n"), (long)Number(input, "treatment_conversions"));
        (string Key, Alternative Alternative)[] alternatives = [("two-sided", Alternative.TwoSided), ("larger", Alternative.Greater), ("smaller", Alternative.Less)];
        foreach ((string key, Alternative alternative) in alternatives)
        {
            if (testCase.Expected.TryGetProperty("z_pooled_" + key, out JsonElement z))
            {
                TestResult result = TwoProportionZTest.Test(control, treatment, alternative);
                testCase.AssertClose("z_pooled_" + key, result.Statistic, z);
                testCase.AssertClose("p_pooled_" + key, result.PValue, ConformanceCase.Require(testCase.Expected, "p_pooled_" + key));
            }
        }

        TestResult twoSided = TwoProportionZTest.Test(control, treatment, Alternative.TwoSided, 0.95);
        if (testCase.Expected.TryGetProperty("diff", out JsonElement diff))
        {
            testCase.AssertClose("diff", twoSided.Estimate, diff);
        }

        if (testCase.Expected.TryGetProperty("diff_ci95_wald", out JsonElement ci))
        {
            testCase.AssertClose("diff_ci95_wald", [twoSided.ConfidenceInterval!.Value.Lower, twoSided.ConfidenceInterval.Value.Upper], ci);
        }
    }

    private static double Number(JsonElement e, string name) => ConformanceCase.Number(ConformanceCase.Require(e, name));
}
