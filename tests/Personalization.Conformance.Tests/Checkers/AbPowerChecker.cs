using System.Text.Json;
using Personalization.Conformance.Tests.Harness;
using Personalization.Experiments;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>ab_power: Cohen's h, unrounded control-arm sizes for proportions and means, power at n = 1000 (two-sided).</summary>
public sealed class AbPowerChecker : IConformanceChecker
{
    public string Kind => "ab_power";

    public void Check(ConformanceCase testCase)
    {
        JsonElement input = testCase.Input;
        JsonElement expected = testCase.Expected;
        double alpha = Number(input, "alpha");
        double power = Number(input, "power");
        double ratio = input.TryGetProperty("ratio", out JsonElement r) ? ConformanceCase.Number(r) : 1.0;
        double h = EffectSize.CohensH(Number(input, "p_control"), Number(input, "p_treatment"));
        testCase.AssertClose("cohen_h", h, ConformanceCase.Require(expected, "cohen_h"));
        if (expected.TryGetProperty("n_control_proportions", out JsonElement nProportions))
        {
            testCase.AssertClose("n_control_proportions", PowerAnalysis.ProportionsSampleSize(h, alpha, power, ratio).Control, nProportions);
        }

        if (expected.TryGetProperty("n_control_means", out JsonElement nMeans))
        {
            double d = Number(input, "cohen_d");
            testCase.AssertClose("n_control_means", PowerAnalysis.MeansSampleSize(d, alpha, power, ratio).Control, nMeans);
        }

        if (expected.TryGetProperty("power_at_1000_proportions", out JsonElement powerAt))
        {
            testCase.AssertClose("power_at_1000_proportions", PowerAnalysis.ProportionsPower(h, 1000, alpha, ratio), powerAt);
        }
    }

    private static double Number(JsonElement e, string name) => ConformanceCase.Number(ConformanceCase.Require(e, name));
}
