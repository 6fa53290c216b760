namespace Personalization.Experiments.Tests;

public sealed class ProportionsTests
{
    [Fact]
    public void ChiSquare_ExpectedCounts_RowMajorAndEqualByValue()
    {
        ContingencyTestResult chi = ChiSquareTest.Independence(new long[,] { { 2, 2, 4 }, { 3, 1, 0 } });

        Assert.Equal(2, chi.RowCount);
        Assert.Equal(3, chi.ColumnCount);
        Assert.Equal(8.0 * 5 / 12, chi.ExpectedCount(0, 0), 1e-12);
        Assert.Equal(4.0 * 4 / 12, chi.ExpectedCount(1, 2), 1e-12);
        Assert.Equal(chi.ExpectedCount(1, 1), chi.Expected[(1 * 3) + 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => chi.ExpectedCount(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => chi.ExpectedCount(0, 3));
        Assert.Equal(chi, ChiSquareTest.Independence(new long[,] { { 2, 2, 4 }, { 3, 1, 0 } }));
        Assert.NotEqual(chi, ChiSquareTest.Independence(new long[,] { { 2, 2, 4 }, { 3, 1, 1 } }));
    }

    [Fact]
    public void Adjust_SameInputTwice_ResultsAreEqualByValue()
    {
        AdjustedPValues a = PValueAdjustment.Adjust([0.01, 0.04, 0.03]);
        AdjustedPValues b = PValueAdjustment.Adjust([0.01, 0.04, 0.03]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, PValueAdjustment.Adjust([0.01, 0.04, 0.03], MultipleTestingCorrection.Bonferroni));
    }

    [Fact]
    public void Test_125Of1000Vs100Of1000_MatchesHandCheckedZAndP()
    {
        TestResult r = TwoProportionZTest.Test(new ProportionSummary(1000, 100), new ProportionSummary(1000, 125));
        Assert.Equal(1.7691496414475838, r.Statistic, 1e-13);
        Assert.Equal(0.07686890551568953, r.PValue, 1e-15);
        Assert.Equal(0.025, r.Estimate, 1e-15);
    }

    [Fact]
    public void Test_RawOutcomes_EqualsCounts()
    {
        bool[] a = Enumerable.Range(0, 1000).Select(i => i < 100).ToArray();
        bool[] b = Enumerable.Range(0, 1000).Select(i => i % 8 == 0).ToArray();
        TestResult raw = TwoProportionZTest.Test(a, b);
        TestResult counts = TwoProportionZTest.Test(new ProportionSummary(1000, 100), new ProportionSummary(1000, 125));
        Assert.Equal(counts, raw);
    }

    [Fact]
    public void Test_OneSided_GivesOneSidedInterval()
    {
        TestResult r = TwoProportionZTest.Test(new ProportionSummary(1000, 100), new ProportionSummary(1000, 125), Alternative.Greater);
        Assert.Equal(0.07686890551568953 / 2, r.PValue, 1e-15);
        Assert.True(double.IsPositiveInfinity(r.ConfidenceInterval!.Value.Upper));
        Assert.True(r.ConfidenceInterval.Value.Lower < 0.025);
    }

    [Fact]
    public void Test_NoConversionsAnywhere_ReturnsPValueOne()
    {
        TestResult r = TwoProportionZTest.Test(new ProportionSummary(10, 0), new ProportionSummary(10, 0));
        Assert.Equal(0, r.Statistic);
        Assert.Equal(1, r.PValue);
    }

    [Fact]
    public void Test_BadConfidenceLevel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoProportionZTest.Test(new ProportionSummary(10, 1), new ProportionSummary(10, 2), confidenceLevel: 1));
    }

    [Fact]
    public void ProportionSummary_InvalidCounts_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProportionSummary(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProportionSummary(10, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProportionSummary(10, -1));
        Assert.Throws<ArgumentException>(() => ProportionSummary.FromOutcomes([]));
    }

    [Fact]
    public void ChiSquare_2x2_EqualsSquaredPooledZ()
    {
        // Without Yates, the 2 x 2 chi-square is z^2 of the pooled two-proportion test and has the same p-value.
        ContingencyTestResult chi = ChiSquareTest.Independence(new long[,] { { 900, 100 }, { 875, 125 } });
        Assert.Equal(1.7691496414475838 * 1.7691496414475838, chi.Statistic, 1e-12);
        Assert.Equal(0.07686890551568953, chi.PValue, 1e-14);
        Assert.False(chi.YatesCorrected);
    }

    [Fact]
    public void ChiSquare_Labels_EqualsTable()
    {
        int[] rows = [0, 0, 0, 1, 1, 1, 1, 0];
        int[] cols = [0, 1, 1, 0, 0, 1, 0, 0];
        ContingencyTestResult fromLabels = ChiSquareTest.Independence(rows, cols);
        ContingencyTestResult fromTable = ChiSquareTest.Independence(new long[,] { { 2, 2 }, { 3, 1 } });
        Assert.Equal(fromTable.Statistic, fromLabels.Statistic);
        Assert.Equal(fromTable.PValue, fromLabels.PValue);
    }

    [Fact]
    public void ChiSquare_BadTables_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ChiSquareTest.Independence(null!));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence(new long[,] { { 1, 2 } }));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence(new long[,] { { 1, -2 }, { 3, 4 } }));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence(new long[,] { { 0, 0 }, { 3, 4 } }));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence(new long[,] { { 0, 1 }, { 0, 4 } }));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence([0, -1], [0, 1]));
    }

    [Fact]
    public void GoodnessOfFit_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChiSquareTest.GoodnessOfFit([1, 2], [1.0]));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.GoodnessOfFit([1], [1.0]));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.GoodnessOfFit([1, -2], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.GoodnessOfFit([0, 0], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.GoodnessOfFit([1, 2], [1.0, 0.0]));
        Assert.Throws<ArgumentException>(() => ChiSquareTest.GoodnessOfFit([1, 2], [1.0, double.NaN]));
    }

    [Fact]
    public void SampleRatioMismatch_DefaultThreshold_FlagsOnlyBelowOnePerMille()
    {
        Assert.False(SampleRatioMismatch.Check([5000L, 5100L], [1.0, 1.0]).IsMismatch);
        SampleRatioMismatchResult bad = SampleRatioMismatch.Check([5000L, 5400L], [1.0, 1.0]);
        Assert.True(bad.IsMismatch);
        Assert.Equal(0.001, bad.Threshold);
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatioMismatch.Check([1L, 2L], [1.0, 1.0], 0));
        int[] arms = [.. Enumerable.Repeat(0, 5000), .. Enumerable.Repeat(1, 5400)];
        Assert.Equal(bad, SampleRatioMismatch.CheckAssignments(arms, [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => SampleRatioMismatch.CheckAssignments([0, 2], [1.0, 1.0]));
    }
}
