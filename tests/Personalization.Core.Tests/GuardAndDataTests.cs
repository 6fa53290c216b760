using Personalization.Validation;

namespace Personalization.Core.Tests;

public sealed class GuardAndDataTests
{
    [Fact]
    public void InRange_Double_RejectsNaN()
    {
        double tolerance = double.NaN;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Guard.InRange(tolerance, 0, 1));
        Assert.Equal("tolerance", ex.ParamName);
    }

    [Fact]
    public void SameLength_NamesBothArguments()
    {
        var ex = Assert.Throws<ArgumentException>(() => Guard.SameLength(3, 4, "weights", "data rows"));
        Assert.Contains("weights has length 3 but data rows has length 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllFinite_NamesIndex()
    {
        double[] outcome = [1, 2, double.NaN];
        var ex = Assert.Throws<ArgumentException>(() => Guard.AllFinite<double>(outcome));
        Assert.Contains("[2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpliftData_Validates_AndCountsArms()
    {
        var x = new FeatureMatrix<double>([1, 2, 3, 4, 5, 6], 6, 1);
        var data = new UpliftData(x, [0, 1, 2, 0, 1, 2], [0, 1, 1, 0, 0, 1]);
        Assert.Equal(2, data.ArmCount);
        Assert.Equal([2, 2, 2], data.ArmSizes);
        Assert.True(data.IsBinaryOutcome);
        Assert.Throws<ArgumentException>(() => new UpliftData(x, [0, 2, 2, 0, 2, 2], new double[6]));
        Assert.Throws<ArgumentException>(() => new UpliftData(x, [1, 1, 1, 1, 1, 1], new double[6]));
        Assert.Throws<ArgumentException>(() => new UpliftData(x, [0, 0, 0, 0, 0, 0], new double[6]));
        Assert.Throws<ArgumentException>(() => new UpliftData(x, [0, 1, 0, 1, 0], new double[6]));
        Assert.Throws<ArgumentException>(() => new UpliftData(x, [0, 1, 0, 1, 0, -1], new double[6]));
    }

    [Fact]
    public void TestResult_IsSignificant_ValidatesAlpha()
    {
        var r = new TestResult("z", 2, 0.01, Alternative.TwoSided);
        Assert.True(r.IsSignificant(0.05));
        Assert.False(r.IsSignificant(0.001));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.IsSignificant(1.5));
    }

    [Fact]
    public void FitProgress_Fraction()
    {
        Assert.Equal(0.5, new FitProgress("Lloyd", 5, 10, 1.0).Fraction);
        Assert.True(double.IsNaN(new FitProgress("Lloyd", 5, 0, 1.0).Fraction));
    }
}
