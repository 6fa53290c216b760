using FsCheck;
using FsCheck.Xunit;

namespace Personalization.Monitoring.Tests;

public sealed class KolmogorovSmirnovTests
{
    // Seeded cases: reference = SplitMix64(seed) uniforms, current = SplitMix64(seed * 1000 + 7)
    // uniforms * scale + shift. Expected D and p: scipy.stats.ks_2samp(reference, current,
    // method="asymp") as SciPy 1.10 computes it (D from searchsorted CDFs, p = kstwo.sf(D,
    // round(n1 n2 / (n1 + n2)))), evaluated independently at 50 digits (see KolmogorovDistributionTests).
    [Theory]
    [InlineData(1UL, 40, 55, 0.0, 1.0, 0.15681818181818183, 0.57034374982173091)] // n=23 Durbin
    [InlineData(2UL, 60, 45, 0.25, 1.0, 0.38888888888888884, 0.00047306753856737469)] // n=26 Pomeranz
    [InlineData(3UL, 120, 80, 0.1, 1.3, 0.35416666666666674, 6.8334112628927062e-6)] // n=48 2*smirnov
    [InlineData(4UL, 500, 700, 0.0, 1.0, 0.034571428571428586, 0.86408111072985166)] // n=292 Pelz-Good
    [InlineData(5UL, 900, 1100, 0.05, 1.0, 0.09191919191919196, 0.00043293109180657225)] // n=495 2*smirnov
    [InlineData(6UL, 2000, 1500, 0.12, 1.0, 0.15100000000000002, 1.591381253598758e-17)] // n=857 2*smirnov
    [InlineData(7UL, 300, 250, 0.6, 1.0, 0.6333333333333333, 2.0179403948499983e-53)] // n=136 x >= 0.5
    [InlineData(8UL, 8, 9, 0.3, 1.0, 0.4305555555555556, 0.34525331980643188)] // n=4 Durbin
    public void TwoSample_SeededCases_MatchSciPyAsymptotic(ulong seed, int n1, int n2, double shift, double scale, double statistic, double pValue)
    {
        double[] reference = TestData.SplitMix(seed, n1);
        double[] current = TestData.SplitMix((seed * 1000) + 7, n2, scale, shift);
        KolmogorovSmirnovResult result = KolmogorovSmirnov.TwoSample(reference, current);
        Assert.Equal(statistic, result.Statistic);
        TestData.Close(pValue, result.PValue, rel: 1e-9);
        Assert.Equal(n1, result.ReferenceCount);
        Assert.Equal(n2, result.CurrentCount);
        Assert.Equal(KolmogorovSmirnovResult.Name, result.TestName);
    }

    [Fact]
    public void TwoSample_OneSided_UsesHodgesFormula()
    {
        double[] reference = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] current = [4.5, 5.5, 6.5, 7.5, 8.5, 9.5];
        KolmogorovSmirnovResult greater = KolmogorovSmirnov.TwoSample(reference, current, Alternative.Greater);
        KolmogorovSmirnovResult less = KolmogorovSmirnov.TwoSample(reference, current, Alternative.Less);

        // F_ref - F_cur peaks at 4 (4/8 - 0 = 0.5); F_cur never exceeds F_ref.
        Assert.Equal(0.5, greater.Statistic);
        Assert.Equal(4.0, greater.Location);
        Assert.Equal(0.0, less.Statistic);
        double m = 8, n = 6, en = m * n / (m + n), z = Math.Sqrt(en) * 0.5;
        double expected = Math.Exp((-2 * z * z) - (2 * z * (m + (2 * n)) / Math.Sqrt(m * n * (m + n)) / 3.0));
        TestData.Close(expected, greater.PValue, rel: 1e-14);
        Assert.Equal(1.0, less.PValue);
    }

    [Property(MaxTest = 100)]
    public bool TwoSample_IdenticalSamples_StatisticZeroPValueOne(NonEmptyArray<NormalFloat> sample)
    {
        double[] values = Array.ConvertAll(sample.Get, v => v.Get);
        KolmogorovSmirnovResult result = KolmogorovSmirnov.TwoSample(values, values);
        return result.Statistic == 0.0 && result.PValue == 1.0;
    }

    [Property(MaxTest = 100)]
    public bool TwoSample_AnySamples_StatisticAndPValueInUnitInterval(NonEmptyArray<NormalFloat> a, NonEmptyArray<NormalFloat> b)
    {
        KolmogorovSmirnovResult result = KolmogorovSmirnov.TwoSample(Array.ConvertAll(a.Get, v => v.Get), Array.ConvertAll(b.Get, v => v.Get));
        return result.Statistic is >= 0 and <= 1 && result.PValue is >= 0 and <= 1;
    }

    [Fact]
    public void TwoSample_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([], [1.0]));
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([1.0], []));
        ArgumentException nan = Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([1.0, double.NaN], [1.0]));
        Assert.Contains("[1]", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([1.0], [double.PositiveInfinity]));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnov.TwoSample([1.0], [2.0], (Alternative)7));
    }
}
