namespace Personalization.Experiments.Tests;

public sealed class MeansTests
{
    private static readonly double[] s_a = [1.1, 2.3, 2.9, 4.2, 5.0, 3.3, 2.2];
    private static readonly double[] s_b = [2.5, 3.1, 4.8, 5.9, 4.4, 6.0];

    [Fact]
    public void Welch_SufficientStatistics_EqualsRawSamples()
    {
        SampleSummary a = SampleSummary.FromSums(s_a.Length, s_a.Sum(), s_a.Sum(x => x * x));
        SampleSummary b = SampleSummary.FromMoments(s_b.Length, s_b.Average(), Variance(s_b));
        TestResult raw = TTest.Welch(s_a, s_b);
        TestResult summary = TTest.Welch(a, b);
        Assert.Equal(raw.Statistic, summary.Statistic, 1e-12);
        Assert.Equal(raw.PValue, summary.PValue, 1e-12);
        Assert.Equal(raw.DegreesOfFreedom, summary.DegreesOfFreedom, 1e-9);
    }

    [Fact]
    public void Welch_ConfidenceInterval_ExcludesZeroExactlyWhenSignificant()
    {
        TestResult r = TTest.Welch(s_a, s_b, confidenceLevel: 0.95);
        ConfidenceInterval ci = r.ConfidenceInterval!.Value;
        Assert.Equal(r.PValue < 0.05, !ci.Contains(0));
        Assert.Equal(r.Estimate, (ci.Lower + ci.Upper) / 2, 1e-12);
    }

    [Fact]
    public void Student_PValueAtIntervalEdge_IsAlpha()
    {
        // Moving the data by the interval's lower bound makes the test land exactly on alpha.
        TestResult r = TTest.Student(s_a, s_b, confidenceLevel: 0.9);
        double[] shifted = s_b.Select(x => x - r.ConfidenceInterval!.Value.Lower).ToArray();
        Assert.Equal(0.1, TTest.Student(s_a, shifted).PValue, 1e-10);
        Assert.Equal(s_a.Length + s_b.Length - 2, r.DegreesOfFreedom);
    }

    [Fact]
    public void TTest_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => TTest.Welch([1.0], s_b));
        Assert.Throws<ArgumentException>(() => TTest.Welch(s_a, [1.0]));
        Assert.Throws<ArgumentException>(() => TTest.Student([1.0, 1.0], [2.0, 2.0]));
        Assert.Throws<ArgumentException>(() => TTest.Welch([1.0, double.NaN], s_b));
        Assert.Throws<ArgumentException>(() => TTest.Welch([], s_b));
        Assert.Throws<ArgumentOutOfRangeException>(() => TTest.Welch(s_a, s_b, confidenceLevel: 0));
    }

    [Fact]
    public void SampleSummary_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSummary.FromSums(0, 1, 1));
        Assert.Throws<ArgumentException>(() => SampleSummary.FromSums(10, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSummary.FromSums(2, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSummary.FromMoments(2, 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSummary.FromMoments(0, 1, 1));
        Assert.Throws<ArgumentException>(() => SampleSummary.FromSamples([]));
    }

    [Fact]
    public void SampleSummary_LargeOffset_KeepsVariance()
    {
        double[] values = [1e9 + 1, 1e9 + 2, 1e9 + 3];
        Assert.Equal(1.0, SampleSummary.FromSamples(values).Variance, 1e-12);
    }

    [Fact]
    public void MannWhitney_SmallExample_MatchesHandComputation()
    {
        // control 1,2,3 ; treatment 4,5 -> U_B = 6 (every treatment value beats every control value).
        TestResult r = MannWhitneyUTest.Test([1.0, 2, 3], [4.0, 5]);
        Assert.Equal(6, r.Statistic);
        Assert.Equal(1.0, r.Estimate);
        // mu = 3, sigma = sqrt(6/12 * 6) = sqrt(3); z = (6 - 3 - 0.5)/sqrt 3
        double z = 2.5 / Math.Sqrt(3);
        Assert.Equal(2 * 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2)), r.PValue, 1e-14);
    }

    [Fact]
    public void MannWhitney_AllTied_ReturnsPValueOne()
    {
        Assert.Equal(1, MannWhitneyUTest.Test([1.0, 1, 1], [1.0, 1]).PValue);
    }

    [Fact]
    public void MannWhitney_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => MannWhitneyUTest.Test([], [1.0]));
        Assert.Throws<ArgumentException>(() => MannWhitneyUTest.Test([1.0], [double.PositiveInfinity]));
    }

    private static double Variance(double[] x)
    {
        double m = x.Average();
        return x.Sum(v => (v - m) * (v - m)) / (x.Length - 1);
    }
}

public sealed class SignificanceTestAdapterTests
{
    [Fact]
    public void Adapters_DelegateToStaticTests()
    {
        SampleSummary a = SampleSummary.FromMoments(50, 1, 2), b = SampleSummary.FromMoments(60, 1.5, 3);
        ISignificanceTest<TwoSampleSummaries> welch = new MeanDifferenceTest();
        ISignificanceTest<TwoSampleSummaries> student = new MeanDifferenceTest(equalVariances: true, confidenceLevel: 0.9);
        Assert.Equal(TTest.Welch(a, b), welch.Test(new TwoSampleSummaries(a, b)));
        Assert.Equal(TTest.Student(a, b, Alternative.Less, 0.9), student.Test(new TwoSampleSummaries(a, b), Alternative.Less));
        Assert.Equal(TTest.StudentName, student.Name);
        var pa = new ProportionSummary(1000, 100);
        var pb = new ProportionSummary(1000, 125);
        ISignificanceTest<TwoProportions> z = new ProportionDifferenceTest();
        Assert.Equal(TwoProportionZTest.Test(pa, pb), z.Test(new TwoProportions(pa, pb)));
        Assert.Equal(TwoProportionZTest.Name, z.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MeanDifferenceTest(confidenceLevel: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProportionDifferenceTest(1));
    }
}
