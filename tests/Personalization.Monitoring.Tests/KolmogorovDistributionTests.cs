using FsCheck;
using FsCheck.Xunit;

namespace Personalization.Monitoring.Tests;

public sealed class KolmogorovDistributionTests
{
    // Expected values: SciPy 1.10's kstwo.sf dispatch (Simard-L'Ecuyer thresholds) evaluated
    // independently at 50 digits with mpmath: exact Durbin matrix where SciPy uses Durbin or
    // Pomeranz (both exact), the exact Birnbaum-Tingey sum where SciPy uses 2 * smirnov, and the
    // Pelz-Good series where SciPy uses it. The comment names the branch.
    [Theory]
    [InlineData(10, 0.2, 0.74871903999999994)] // Durbin, n <= 140
    [InlineData(10, 0.35, 0.13396054626250005)] // Pomeranz
    [InlineData(10, 0.7, 1.9544800000000033e-5)] // x >= 0.5: 2 * smirnov
    [InlineData(30, 0.12, 0.73621903449826685)] // Durbin
    [InlineData(30, 0.25, 0.038724156701104514)] // Pomeranz
    [InlineData(50, 0.4, 9.8635633644100596e-8)] // 2 * smirnov, n <= 140
    [InlineData(100, 0.05, 0.95321597106357248)] // Durbin
    [InlineData(100, 0.15, 0.019839242125646046)] // Pomeranz
    [InlineData(140, 0.3, 1.1370251710737308e-11)] // 2 * smirnov, n <= 140
    [InlineData(200, 0.03, 0.99143652471494201)] // Durbin, n > 140
    [InlineData(400, 0.05, 0.26121244607129102)] // Pelz-Good
    [InlineData(1000, 0.008, 0.99999991334318083)] // Durbin, n > 140
    [InlineData(1000, 0.03, 0.32269021439146351)] // Pelz-Good
    [InlineData(1000, 0.06, 0.001428597887952891)] // 2 * smirnov, n > 140
    [InlineData(5000, 0.01, 0.6954557253913855)] // Pelz-Good
    [InlineData(5000, 0.03, 0.00024159234422666818)] // 2 * smirnov, n > 140
    [InlineData(20000, 0.004, 0.90489682407029592)] // Pelz-Good
    [InlineData(150, 0.005, 1.0)] // Ruben-Gambino, x <= 1/n
    [InlineData(20, 0.04, 0.9999999999991517)] // Ruben-Gambino, x <= 1/n
    public void TwoSidedSurvival_ReferencePoints_MatchesSciPyDispatch(int n, double x, double expected)
    {
        TestData.Close(expected, KolmogorovDistribution.TwoSidedSurvival(n, x), rel: 1e-10, abs: 1e-15);
        TestData.Close(1 - expected, KolmogorovDistribution.TwoSidedCdf(n, x), rel: 1e-9, abs: 1e-12);
    }

    [Theory]
    [InlineData(10, 0.3, 0.13546355560000002)]
    [InlineData(100, 0.1, 0.1265906584562817)]
    [InlineData(1000, 0.05, 0.0065060373905451658)]
    [InlineData(5000, 0.02, 0.018069812937222664)]
    [InlineData(3, 0.5, 0.16666666666666667)]
    [InlineData(1, 0.25, 0.75)]
    public void OneSidedSurvival_ReferencePoints_MatchesExactSum(int n, double x, double expected) =>
        TestData.Close(expected, KolmogorovDistribution.OneSidedSurvival(n, x), rel: 1e-11);

    [Theory]
    // 2 sum_k (-1)^(k-1) exp(-2 k^2 x^2) summed to convergence at 30 digits (mpmath).
    [InlineData(0.3, 0.99999069419866543)]
    [InlineData(0.5, 0.96394524366487509)]
    [InlineData(1.0, 0.26999967167735452)]
    [InlineData(1.36, 0.049485876755377884)]
    [InlineData(2.0, 0.00067092525577969535)]
    public void LimitingSurvival_KnownValues_Match(double x, double expected) =>
        TestData.Close(expected, KolmogorovDistribution.LimitingSurvival(x), rel: 1e-9);

    [Fact]
    public void TwoSidedSurvival_Edges_AreOneAndZero()
    {
        Assert.Equal(1.0, KolmogorovDistribution.TwoSidedSurvival(10, 0.0));
        Assert.Equal(1.0, KolmogorovDistribution.TwoSidedSurvival(10, 0.05));
        Assert.Equal(0.0, KolmogorovDistribution.TwoSidedSurvival(10, 1.0));
        Assert.Equal(2 * Math.Pow(1 - 0.95, 10), KolmogorovDistribution.TwoSidedSurvival(10, 0.95), 15);
    }

    [Fact]
    public void TwoSidedSurvival_LargeN_ApproachesLimitingDistribution()
    {
        const int n = 20000;
        double x = 1.2 / Math.Sqrt(n);
        TestData.Close(KolmogorovDistribution.LimitingSurvival(1.2), KolmogorovDistribution.TwoSidedSurvival(n, x), rel: 0.02);
    }

    [Property(MaxTest = 200)]
    public bool TwoSidedSurvival_AnyInput_IsAProbabilityAndDecreasing(PositiveInt size, NormalFloat a)
    {
        int n = 1 + (size.Get % 3000);
        double x = Math.Abs(a.Get) % 1.0;
        double p = KolmogorovDistribution.TwoSidedSurvival(n, x);
        double q = KolmogorovDistribution.TwoSidedSurvival(n, Math.Min(1.0, x + 0.01));
        return p >= 0 && p <= 1 && q <= p + 1e-12;
    }

    [Fact]
    public void Methods_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.TwoSidedSurvival(0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.TwoSidedSurvival(5, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.TwoSidedCdf(0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.TwoSidedCdf(5, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.OneSidedSurvival(-1, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.OneSidedSurvival(5, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.LimitingSurvival(double.NaN));
    }
}
