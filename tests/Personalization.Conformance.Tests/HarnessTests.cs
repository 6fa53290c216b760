using Personalization.Conformance.Tests.Harness;
using Xunit.Sdk;

namespace Personalization.Conformance.Tests;

/// <summary>Tests of the harness itself: tolerance rule, dispatch, discovery.</summary>
public sealed class HarnessTests
{
    private const string SumCase = """
        {"kind":"harness_sum","reference":"by hand","tolerance":{"rel":REL,"abs":0},
         "note":"sum of the values","input":{"values":[0.1,0.2]},"expected":{"sum":0.3}}
        """;

    [Fact]
    public void Check_WithinTolerance_Passes()
    {
        ConformanceCase c = ConformanceCase.Parse(SumCase.Replace("REL", "1e-12"), "sum.json");
        CheckerRegistry.Check(c, new Dictionary<string, IConformanceChecker> { ["harness_sum"] = new SumChecker() });
    }

    [Fact]
    public void Check_DeliberatelyBrokenTolerance_Fails()
    {
        // 0.1 + 0.2 = 0.30000000000000004: a zero tolerance must reject it.
        ConformanceCase c = ConformanceCase.Parse(SumCase.Replace("REL", "0"), "sum.json");
        var ex = Assert.Throws<XunitException>(() =>
            CheckerRegistry.Check(c, new Dictionary<string, IConformanceChecker> { ["harness_sum"] = new SumChecker() }));
        Assert.Contains("sum.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 0.3 but got 0.30000000000000004", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownKind_FailsWithNoChecker()
    {
        ConformanceCase c = ConformanceCase.Parse(SumCase.Replace("REL", "0").Replace("harness_sum", "brand_new_kind"), "new.json");
        var ex = Assert.Throws<XunitException>(() => CheckerRegistry.Check(c));
        Assert.Contains("no checker for kind brand_new_kind", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HarnessOnlyChecker_IsNotRegistered()
    {
        Assert.False(CheckerRegistry.Checkers.ContainsKey("harness_sum"));
    }

    [Fact]
    public void AssertSamePartition_RenamedLabels_Pass_And_DifferentPartition_Fails()
    {
        ConformanceCase c = ConformanceCase.Parse(SumCase.Replace("REL", "0"), "p.json");
        c.AssertSamePartition("labels", [0, 0, 1, 2], [5, 5, 3, 4]);
        Assert.Throws<XunitException>(() => c.AssertSamePartition("labels", [0, 0, 1, 1], [5, 5, 3, 4]));
        Assert.Throws<XunitException>(() => c.AssertSamePartition("labels", [0, 1, 1, 1], [0, 0, 1, 1]));
    }

    [Fact]
    public void IsClose_AppliesAbsPlusRelTimesExpected()
    {
        ConformanceCase c = ConformanceCase.Parse(SumCase.Replace("REL", "0.01").Replace("\"abs\":0", "\"abs\":0.5"), "t.json");
        Assert.True(c.IsClose(101.5, 100));   // allowed 0.5 + 0.01 * 100 = 1.5
        Assert.False(c.IsClose(101.6, 100));
        Assert.True(c.IsClose(double.NaN, double.NaN));
        Assert.False(c.IsClose(0, double.NaN));
    }

    [Fact]
    public void Discovery_FindsNestedJsonFiles_InSortedOrder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "conformance-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "b"));
            Directory.CreateDirectory(Path.Combine(dir, "a", "deep"));
            File.WriteAllText(Path.Combine(dir, "b", "2.json"), "{}");
            File.WriteAllText(Path.Combine(dir, "a", "deep", "1.json"), "{}");
            File.WriteAllText(Path.Combine(dir, "a", "readme.md"), "not a case");
            IReadOnlyList<string> files = CaseDiscovery.Files(CaseDiscovery.ResolveDirectory(dir));
            Assert.Equal(["a/deep/1.json", "b/2.json"], files.Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Discovery_MissingDirectory_ThrowsClearly()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => CaseDiscovery.Files("/nonexistent/conformance"));
        Assert.Contains("CONFORMANCE_DIR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultDirectory_HasCaseFiles()
    {
        Assert.NotEmpty(CaseDiscovery.Files(CaseDiscovery.Directory));
    }

    [HarnessOnly]
    private sealed class SumChecker : IConformanceChecker
    {
        public string Kind => "harness_sum";

        public void Check(ConformanceCase testCase)
        {
            double sum = ConformanceCase.Vector(ConformanceCase.Require(testCase.Input, "values")).Sum();
            testCase.AssertClose("sum", sum, ConformanceCase.Require(testCase.Expected, "sum"));
        }
    }
}
