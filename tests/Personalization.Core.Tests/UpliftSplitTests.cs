namespace Personalization.Core.Tests;

public sealed class UpliftSplitTests
{
    private static UpliftData Data(int n)
    {
        var x = new double[n];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i;
            t[i] = i % 3;
            y[i] = i % 2;
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 1), t, y, ["control", "a", "b"]);
    }

    [Fact]
    public void Split_SameSeed_SamePartsCoveringEveryRowOnce()
    {
        UpliftData data = Data(100);
        UpliftSplit first = data.Split(0.3, seed: 7);
        UpliftSplit second = data.Split(0.3, seed: 7);

        Assert.Equal(30, first.Test.Count);
        Assert.Equal(70, first.Train.Count);
        Assert.Equal(first.TestRows.ToArray(), second.TestRows.ToArray());
        Assert.Equal(Enumerable.Range(0, 100), first.TrainRows.Concat(first.TestRows).Order());
        Assert.Equal(first.TestRows.Order().ToArray(), first.TestRows.ToArray());
        for (int i = 0; i < first.TestRows.Length; i++)
        {
            int row = first.TestRows[i];
            Assert.Equal(row, first.Test.Features[i, 0]);
            Assert.Equal(data.Treatment[row], first.Test.Treatment[i]);
            Assert.Equal(data.Outcome[row], first.Test.Outcome[i]);
        }

        Assert.Equal(data.ArmNames, first.Train.ArmNames);
    }

    [Fact]
    public void Split_OtherSeed_OtherParts()
    {
        UpliftData data = Data(100);
        Assert.NotEqual(data.Split(0.3, 1).TestRows.ToArray(), data.Split(0.3, 2).TestRows.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    [InlineData(-0.5)]
    public void Split_FractionOutsideOpenUnitInterval_Throws(double fraction)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Data(30).Split(fraction, 1));
        Assert.Equal("testFraction", ex.ParamName);
    }

    [Fact]
    public void Split_PartWithoutAnArm_ThrowsNamingPartAndArm()
    {
        var ex = Assert.Throws<ArgumentException>(() => Data(6).Split(0.1, 1));
        Assert.Equal("testFraction", ex.ParamName);
        Assert.Contains("test part", ex.Message, StringComparison.Ordinal);
        Assert.Contains("arm ", ex.Message, StringComparison.Ordinal);
    }
}
