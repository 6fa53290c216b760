using System.Text.Json;
using Personalization.Conformance.Tests.Harness;
using Personalization.Experiments;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>ab_means: Welch and Student t-tests (treatment minus control) and Mann-Whitney U of the treatment sample.</summary>
public sealed class AbMeansChecker : IConformanceChecker
{
    public string Kind => "ab_means";

    public void Check(ConformanceCase testCase)
    {
        double[] control = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "control"));
        double[] treatment = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "treatment"));
        JsonElement expected = testCase.Expected;

        TestResult welch = TTest.Welch(control, treatment);
        TestResult welchGreater = TTest.Welch(control, treatment, Alternative.Greater);
        TestResult student = TTest.Student(control, treatment);
        TestResult mannWhitney = MannWhitneyUTest.Test(control, treatment);
        Assert(testCase, expected, "welch_t", welch.Statistic);
        Assert(testCase, expected, "welch_p", welch.PValue);
        Assert(testCase, expected, "welch_df", welch.DegreesOfFreedom);
        Assert(testCase, expected, "welch_p_greater", welchGreater.PValue);
        Assert(testCase, expected, "student_t", student.Statistic);
        Assert(testCase, expected, "student_p", student.PValue);
        Assert(testCase, expected, "mann_whitney_u", mannWhitney.Statistic);
        Assert(testCase, expected, "mann_whitney_p", mannWhitney.PValue);
    }

    private static void Assert(ConformanceCase testCase, JsonElement expected, string name, double actual)
    {
        if (expected.TryGetProperty(name, out JsonElement value))
        {
            testCase.AssertClose(name, actual, value);
        }
    }
}
