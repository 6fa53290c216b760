namespace Personalization.Experiments.Tests;

public sealed class BayesianTests
{
    [Fact]
    public void Compare_125Of1000Vs100Of1000_MatchesHandCheckedProbability()
    {
        BetaBinomialResult r = BetaBinomial.Compare(new ProportionSummary(1000, 100), new ProportionSummary(1000, 125));
        // Hand-checked 0.9613611874576136 (float64); 40-digit mpmath gives 0.96136118745635781.
        Assert.Equal(0.9613611874576136, r.ProbabilityTreatmentBetter, 2e-12);
        Assert.Equal(0.96136118745635781, r.ProbabilityTreatmentBetter, 1e-14);
        Assert.Equal(101, r.ControlAlpha);
        Assert.Equal(901, r.ControlBeta);
        Assert.Equal(126, r.TreatmentAlpha);
        Assert.Equal(876, r.TreatmentBeta);
    }

    [Fact]
    public void Compare_ExpectedLosses_DifferByMeanDifference()
    {
        // E[max(A - B, 0)] - E[max(B - A, 0)] = E[A] - E[B].
        BetaBinomialResult r = BetaBinomial.Compare(new ProportionSummary(1000, 100), new ProportionSummary(1000, 125));
        double meanA = 101.0 / 1002;
        double meanB = 126.0 / 1002;
        Assert.Equal(meanA - meanB, r.ExpectedLossTreatment - r.ExpectedLossControl, 1e-12);
        Assert.True(r.ExpectedLossTreatment < r.ExpectedLossControl);
        Assert.True(r.ExpectedLossTreatment > 0);
    }

    [Fact]
    public void ProbabilityGreater_SymmetricArms_IsOneHalf()
    {
        Assert.Equal(0.5, BetaBinomial.ProbabilityGreater(5, 7, 5, 7), 1e-13);
        Assert.Equal(1.0, BetaBinomial.ProbabilityGreater(3, 4, 4, 3) + BetaBinomial.ProbabilityGreater(4, 3, 3, 4), 1e-13);
    }

    [Fact]
    public void ProbabilityGreater_NonIntegerAlphaOnOneSide_UsesOtherSide()
    {
        double p = BetaBinomial.ProbabilityGreater(2.5, 3, 2, 3);
        Assert.Equal(1 - BetaBinomial.ProbabilityGreater(2, 3, 2.5, 3), p, 1e-15);
        Assert.InRange(p, 0.5, 1);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => BetaBinomial.ProbabilityGreater(2.5, 3, 2.5, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaBinomial.ProbabilityGreater(0, 3, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaBinomial.Compare(new ProportionSummary(10, 1), new ProportionSummary(10, 2), priorAlpha: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaBinomial.Compare(new ProportionSummary(10, 1), new ProportionSummary(10, 2), priorBeta: 0));
    }
}
