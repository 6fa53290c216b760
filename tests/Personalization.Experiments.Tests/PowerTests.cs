namespace Personalization.Experiments.Tests;

public sealed class PowerTests
{
    [Fact]
    public void ProportionsSampleSize_RoundTripsThroughPower()
    {
        double h = EffectSize.CohensH(0.10, 0.12);
        SampleSizeEstimate n = PowerAnalysis.ProportionsSampleSize(h, 0.05, 0.8, ratio: 1.5);
        Assert.Equal(0.8, PowerAnalysis.ProportionsPower(h, n.Control, 0.05, 1.5), 1e-9);
        Assert.Equal(1.5 * n.Control, n.Treatment, 1e-9);
        Assert.Equal(n.RequiredControl + n.RequiredTreatment, n.RequiredTotal);
        Assert.True(n.RequiredControl >= n.Control);
    }

    [Fact]
    public void ProportionsSampleSize_MatchesClosedFormWhenFarTailNegligible()
    {
        // n1 = (z_(1-alpha/2) + z_power)^2 (1 + 1/r) / h^2 when the opposite tail contributes nothing.
        double h = 0.2;
        double expected = Math.Pow(1.959963984540054 + 0.8416212335729143, 2) * 2 / (h * h);
        Assert.Equal(expected, PowerAnalysis.ProportionsSampleSize(h).Control, expected * 1e-5); // the far tail adds Phi(-4.76) ~ 1e-6
    }

    [Fact]
    public void MeansSampleSize_RoundTripsAndExceedsNormalApproximation()
    {
        SampleSizeEstimate n = PowerAnalysis.MeansSampleSize(0.5);
        Assert.Equal(0.8, PowerAnalysis.MeansPower(0.5, n.Control), 1e-9);
        // statsmodels TTestIndPower().solve_power(0.5, power=0.8, alpha=0.05) = 63.76561058785...
        Assert.Equal(63.76561058785, n.Control, 1e-6);
    }

    [Fact]
    public void MinimumDetectableEffect_InvertsPower()
    {
        double h = PowerAnalysis.ProportionsMinimumDetectableEffect(5000, alpha: 0.05, power: 0.8);
        Assert.Equal(0.8, PowerAnalysis.ProportionsPower(h, 5000), 1e-9);
        double d = PowerAnalysis.MeansMinimumDetectableEffect(200, power: 0.9, alternative: Alternative.Less);
        Assert.True(d < 0);
        Assert.Equal(0.9, PowerAnalysis.MeansPower(d, 200, alternative: Alternative.Less), 1e-9);
        double p2 = EffectSize.TreatmentRateForCohensH(0.1, h);
        Assert.Equal(h, EffectSize.CohensH(0.1, p2), 1e-12);
    }

    [Fact]
    public void OneSidedPower_ExceedsTwoSided()
    {
        Assert.True(PowerAnalysis.ProportionsPower(0.1, 500, alternative: Alternative.Greater) > PowerAnalysis.ProportionsPower(0.1, 500));
        Assert.True(PowerAnalysis.MeansPower(0.3, 50, alternative: Alternative.Greater) > PowerAnalysis.MeansPower(0.3, 50));
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsSampleSize(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsSampleSize(-0.1, alternative: Alternative.Greater));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsSampleSize(0.1, power: 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsSampleSize(0.1, alpha: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsSampleSize(0.1, ratio: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsSampleSize(1e-9));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsPower(double.NaN, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.MeansPower(0.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.MeansMinimumDetectableEffect(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.ProportionsMinimumDetectableEffect(100, power: 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectSize.CohensH(-0.1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectSize.TreatmentRateForCohensH(0.9, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectSize.CohensD(1, 0));
    }
}
