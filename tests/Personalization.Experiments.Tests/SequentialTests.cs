namespace Personalization.Experiments.Tests;

public sealed class SequentialTests
{
    [Fact]
    public void LikelihoodRatio_HandCheckedValue_Matches()
    {
        // difference 0.1, n = 1000 per arm, unit variance: V = 2 / n; tau^2 = 0.01.
        double lambda = MixtureSprt.LikelihoodRatio(0.1, 2.0 / 1000, 0.01);
        Assert.Equal(3.278721627526389, lambda, 1e-13);
    }

    [Fact]
    public void Update_FromSummaries_UsesPlugInVariance()
    {
        SampleSummary a = SampleSummary.FromMoments(1000, 0, 1);
        SampleSummary b = SampleSummary.FromMoments(1000, 0.1, 1);
        MixtureSprtState state = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 0.01 }).Update(a, b);
        Assert.Equal(3.278721627526389, state.LikelihoodRatio, 1e-13);
        Assert.Equal(1 / 3.278721627526389, state.PValue, 1e-13);
        Assert.Equal(1, state.Looks);
        Assert.False(state.Rejected);
    }

    [Fact]
    public void ConfidenceSequence_BoundaryHasLikelihoodRatioOneOverAlpha()
    {
        MixtureSprtState state = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 0.01, Alpha = 0.05 }).Update(0.1, 0.002);
        double upper = state.ConfidenceSequence.Upper;
        Assert.Equal(20, MixtureSprt.LikelihoodRatio(0.1, 0.002, 0.01, nullDifference: upper), 1e-9);
        Assert.True(state.ConfidenceSequence.Contains(0));
    }

    [Fact]
    public void Update_ProportionsOverwhelmingEffect_Rejects()
    {
        MixtureSprtState state = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 0.0004 }).Update(new ProportionSummary(20000, 2000), new ProportionSummary(20000, 2600));
        Assert.True(state.Rejected);
        Assert.False(state.ConfidenceSequence.Contains(0));
    }

    [Fact]
    public void Start_MixingVarianceNotSet_ThrowsSayingItHasNoDefault()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSprt.Start(new MixtureSprtOptions()));

        Assert.Equal("MixingVariance", ex.ParamName);
        Assert.Contains("has no default", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 1, Alpha = 1 }));
        Assert.Throws<ArgumentNullException>(() => MixtureSprt.Start(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSprt.LikelihoodRatio(0.1, 0, 1));
        MixtureSprtState s = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Update(double.NaN, 1));
        Assert.Throws<ArgumentException>(() => s.Update(SampleSummary.FromMoments(1, 0, 0), SampleSummary.FromMoments(5, 0, 1)));
        Assert.Throws<ArgumentException>(() => s.Update(SampleSummary.FromMoments(5, 0, 0), SampleSummary.FromMoments(5, 1, 0)));
        Assert.Throws<ArgumentException>(() => s.Update(new ProportionSummary(5, 0), new ProportionSummary(5, 5)));
    }

    [Fact]
    public void Simulation_PeekingEvery100Users_SequentialHoldsAlphaButNaiveTTestDoesNot()
    {
        // A/A experiments: no true effect. Look after every 100 users per arm, up to 2000, and stop at the first rejection.
        const int Simulations = 300;
        const int Batch = 100;
        const int Looks = 20;
        const double Alpha = 0.05;
        var random = new Random(20240601);
        int sequentialFalsePositives = 0;
        int naiveFalsePositives = 0;
        double[] a = new double[Batch * Looks];
        double[] b = new double[Batch * Looks];
        for (int sim = 0; sim < Simulations; sim++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = Gaussian(random);
                b[i] = Gaussian(random);
            }

            MixtureSprtState state = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 0.01, Alpha = Alpha });
            bool naiveRejected = false;
            for (int look = 1; look <= Looks; look++)
            {
                int n = look * Batch;
                SampleSummary sa = SampleSummary.FromSamples(a.AsSpan(0, n));
                SampleSummary sb = SampleSummary.FromSamples(b.AsSpan(0, n));
                state = state.Update(sa, sb);
                naiveRejected |= TTest.Welch(sa, sb).PValue < Alpha;
            }

            sequentialFalsePositives += state.Rejected ? 1 : 0;
            naiveFalsePositives += naiveRejected ? 1 : 0;
        }

        double sequentialRate = sequentialFalsePositives / (double)Simulations;
        double naiveRate = naiveFalsePositives / (double)Simulations;
        Assert.True(sequentialRate <= Alpha, $"mSPRT false-positive rate {sequentialRate} exceeds {Alpha}.");
        Assert.True(naiveRate > 2 * Alpha, $"Naive peeking false-positive rate {naiveRate} should be inflated well above {Alpha}.");
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
