using Personalization.Conformance.Tests.Harness;
using Personalization.Experiments;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>ab_cuped: pooled theta, adjusted difference, variance reduction and the Welch test on the adjusted metric.</summary>
public sealed class AbCupedChecker : IConformanceChecker
{
    public string Kind => "ab_cuped";

    public void Check(ConformanceCase testCase)
    {
        double[] metric = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "metric"));
        double[] covariate = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "covariate"));
        bool[] treatment = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "treatment")).Select(v => v != 0).ToArray();
        CupedResult result = Cuped.Analyze(metric, covariate, treatment);
        testCase.AssertClose("theta", result.Theta, ConformanceCase.Require(testCase.Expected, "theta"));
        testCase.AssertClose("adjusted_diff", result.AdjustedDifference, ConformanceCase.Require(testCase.Expected, "adjusted_diff"));
        testCase.AssertClose("variance_reduction", result.VarianceReduction, ConformanceCase.Require(testCase.Expected, "variance_reduction"));
        testCase.AssertClose("welch_t_adjusted", result.Test.Statistic, ConformanceCase.Require(testCase.Expected, "welch_t_adjusted"));
        testCase.AssertClose("welch_p_adjusted", result.Test.PValue, ConformanceCase.Require(testCase.Expected, "welch_p_adjusted"));
    }
}
