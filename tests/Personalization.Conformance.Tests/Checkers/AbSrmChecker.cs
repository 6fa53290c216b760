using Personalization.Conformance.Tests.Harness;
using Personalization.Experiments;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>ab_srm: sample ratio mismatch by chi-square goodness of fit.</summary>
public sealed class AbSrmChecker : IConformanceChecker
{
    public string Kind => "ab_srm";

    public void Check(ConformanceCase testCase)
    {
        long[] observed = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "observed")).Select(v => checked((long)v)).ToArray();
        double[] weights = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "expected_weights"));
        SampleRatioMismatchResult result = SampleRatioMismatch.Check(observed, weights);
        testCase.AssertClose("chi2", result.Test.Statistic, ConformanceCase.Require(testCase.Expected, "chi2"));
        testCase.AssertClose("p", result.Test.PValue, ConformanceCase.Require(testCase.Expected, "p"));
        if (result.IsMismatch != result.Test.PValue < SampleRatioMismatch.DefaultThreshold)
        {
            throw testCase.Fail("IsMismatch disagrees with p < 0.001.");
        }
    }
}
