using Personalization.Experiments.Internal;

namespace Personalization.Experiments.Tests;

public sealed class DistributionTests
{
    // Reference values: 40-digit mpmath integration of E[Phi(t S - delta)] over the scaled chi density.
    [Theory]
    [InlineData(1.0, 10, 1.0, 0.49024005139545065706, 0.50975994860454934294)]
    [InlineData(2.0, 5, 0.5, 0.88473225068617067311, 0.11526774931382932689)]
    [InlineData(-1.5, 20, 1.0, 0.0078286125729418451136, 0.99217138742705815489)]
    [InlineData(3.0, 30, -1.0, 0.99990118836148463554, 0.000098811638515364459957)]
    [InlineData(10.0, 8, 0.0001, 0.99999575470798928841, 4.245292010711593835e-6)]
    [InlineData(1.96, 100, 2.8, 0.20131779528664698548, 0.79868220471335301452)]
    [InlineData(-2.5, 3, 2.0, 0.00038961161158780715683, 0.99961038838841219284)]
    [InlineData(5.0, 50, 0.0, 0.99999628339387638371, 3.7166061236162869777e-6)]
    [InlineData(40.0, 10, 1.0, 0.99999999997733683305, 2.2663166945001634254e-11)]
    [InlineData(-30.0, 10, 2.0, 1.0054259776258576894e-14, 0.99999999999998994574)]
    [InlineData(8.0, 200, 0.5, 0.99999999999847432478, 1.5256752158422165078e-12)]
    [InlineData(1.0, 2.0, 0.5, 0.63446646243234347985, 0.36553353756765652015)]
    [InlineData(-1.0, 2.5, 0.3, 0.1326801085417767187, 0.8673198914582232813)]
    [InlineData(2.0, 2.2, 1.0, 0.71616892586925698227, 0.28383107413074301773)]
    public void NoncentralT_KnownValues_MatchHighPrecisionReference(double t, double df, double delta, double cdf, double sf)
    {
        Assert.Equal(cdf, NoncentralT.Cdf(t, df, delta), cdf * 1e-9);
        Assert.Equal(sf, NoncentralT.Sf(t, df, delta), sf * 1e-9);
    }

    [Fact]
    public void NoncentralT_HugeDegreesOfFreedom_ApproachesNormal()
    {
        double expected = StandardNormal.Sf(1.5 - 0.7);
        Assert.Equal(expected, NoncentralT.Sf(1.5, 1e7, 0.7), 1e-6);
    }

    [Fact]
    public void NoncentralT_ZeroNoncentrality_EqualsCentralT()
    {
        Assert.Equal(StudentT.Sf(2.1, 12), NoncentralT.Sf(2.1, 12, 0), 1e-15);
    }

    [Fact]
    public void NoncentralT_LessThanTwoDegreesOfFreedom_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoncentralT.Sf(1, 1.5, 1));
    }

    [Theory]
    [InlineData(0.025, 10, 2.2281388519862747484)] // mpmath; SciPy's t.ppf gives 2.2281388519649385 (off by 1e-11)
    [InlineData(0.05, 1, 6.313751514675043)]
    [InlineData(0.005, 3, 5.8409093097333572607)]
    [InlineData(1e-10, 30, 9.3774897804071431961)]
    public void StudentTQuantile_KnownValues_Match(double upperTail, double df, double expected)
    {
        double q = StudentT.UpperQuantile(upperTail, df);
        Assert.Equal(expected, q, expected * 1e-12);
        Assert.Equal(upperTail, StudentT.Sf(q, df), upperTail * 1e-10);
    }

    [Fact]
    public void NormalTail_FarTail_KeepsRelativePrecision()
    {
        // Q(30) = 4.906713927148187e-198; 1 - Phi(30) would be exactly 0.
        Assert.Equal(4.906713927148187e-198, StandardNormal.Sf(30), 1e-210);
        Assert.Equal(1.959963984540054, StandardNormal.UpperQuantile(0.025), 1e-14);
    }
}
