using Personalization.Uplift.Learners;
using Xunit.Abstractions;

namespace Personalization.Uplift.Tests;

public sealed class AverageEffectTests(ITestOutputHelper output)
{
    /// <summary>
    /// x ~ U(−1, 1)³, e(x) = σ(0.8 x0), y = 1 + x0 + x1 + t(1 + x0) + N(0, 1): the treated are
    /// selected on x0, so the naive difference in means is biased; the true average effect is 1.
    /// </summary>
    private static UpliftData Observational(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * 3];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[(i * 3) + j] = (rng.NextDouble() * 2) - 1;
            }

            double x0 = x[i * 3], x1 = x[(i * 3) + 1];
            t[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-0.8 * x0)) ? 1 : 0;
            y[i] = 1 + x0 + x1 + (t[i] * (1 + x0)) + Synthetic.Normal(rng);
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 3), t, y);
    }

    private static readonly AverageEffectOptions s_linear = new()
    {
        OutcomeLearner = new RidgeRegression(new RidgeRegressionOptions { Alpha = 0 }),
        Propensity = PropensityMode.Estimated,
    };

    [Fact]
    public void DoublyRobust_SimulatedObservationalData_CoversTrueEffectAtNominalRate()
    {
        int covered = 0;
        double naiveCovered = 0;
        for (int rep = 0; rep < 100; rep++)
        {
            UpliftData data = Observational(1000, 500 + rep);
            AverageEffectEstimate estimate = DoublyRobust(data, s_linear with { Seed = rep });
            Assert.Equal(0.95, estimate.ConfidenceLevel);
            if (estimate.Lower <= 1 && 1 <= estimate.Upper)
            {
                covered++;
            }

            double[] y1 = Enumerable.Range(0, data.Count).Where(r => data.Treatment[r] == 1).Select(r => data.Outcome[r]).ToArray();
            double[] y0 = Enumerable.Range(0, data.Count).Where(r => data.Treatment[r] == 0).Select(r => data.Outcome[r]).ToArray();
            double naive = y1.Average() - y0.Average();
            double naiveSe = Math.Sqrt((Variance(y1) / y1.Length) + (Variance(y0) / y0.Length));
            if (Math.Abs(naive - 1) <= 1.96 * naiveSe)
            {
                naiveCovered++;
            }
        }

        output.WriteLine($"AIPW covered {covered} of 100, naive {naiveCovered} of 100");
        Assert.True(covered >= 90, $"{covered} of 100 intervals covered the true effect");
        Assert.True(naiveCovered < 50, $"the naive interval covered {naiveCovered} of 100 (selection on x0 should bias it)");
    }

    private static AverageEffectEstimate DoublyRobust(UpliftData data, AverageEffectOptions options) => Assert.Single(AverageEffect.DoublyRobust(data, options));

    private static double Variance(double[] v)
    {
        double mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
    }

    [Fact]
    public void DoublyRobust_Hillstrom_MatchesDifferenceInMeansWithNarrowerOrEqualInterval()
    {
        (UpliftData train, _) = Hillstrom.Split(threeArms: true);
        var logistic = new LogisticRegression();
        var estimates = AverageEffect.DoublyRobust(train, new AverageEffectOptions { OutcomeLearner = logistic });
        Assert.Equal(2, estimates.Length);
        foreach (AverageEffectEstimate estimate in estimates)
        {
            double[] y1 = Enumerable.Range(0, train.Count).Where(r => train.Treatment[r] == estimate.Arm).Select(r => train.Outcome[r]).ToArray();
            double[] y0 = Enumerable.Range(0, train.Count).Where(r => train.Treatment[r] == 0).Select(r => train.Outcome[r]).ToArray();
            double naive = y1.Average() - y0.Average();
            double naiveSe = Math.Sqrt((Variance(y1) / y1.Length) + (Variance(y0) / y0.Length));
            output.WriteLine($"{estimate.ArmName}: AIPW {estimate.Effect:F4} ± {estimate.StandardError:F4} [{estimate.Lower:F4}, {estimate.Upper:F4}], difference in means {naive:F4} ± {naiveSe:F4}");
            Assert.Equal(naive, estimate.Effect, 0.004);
            Assert.InRange(estimate.StandardError, 0.8 * naiveSe, 1.02 * naiveSe);
            Assert.True(estimate.Lower > 0, $"{estimate.ArmName}: [{estimate.Lower}, {estimate.Upper}]");
            Assert.Equal(y1.Length + y0.Length, estimate.RowCount);
        }
    }

    [Fact]
    public void DoublyRobust_HigherConfidence_WiderIntervalSameEffect()
    {
        UpliftData data = Observational(800, 7);
        AverageEffectEstimate a = DoublyRobust(data, s_linear);
        AverageEffectEstimate b = DoublyRobust(data, s_linear with { ConfidenceLevel = 0.99 });
        Assert.Equal(a.Effect, b.Effect);
        Assert.Equal(a.StandardError, b.StandardError);
        Assert.Equal(2.5758293035489, (b.Upper - b.Effect) / b.StandardError, 1e-9);
        Assert.Equal(1.9599639845401, (a.Upper - a.Effect) / a.StandardError, 1e-9);
    }

    [Fact]
    public void DoublyRobust_BadOptions_Throw()
    {
        UpliftData data = Observational(100, 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => AverageEffect.DoublyRobust(data, new AverageEffectOptions { ConfidenceLevel = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AverageEffect.DoublyRobust(data, new AverageEffectOptions { FoldCount = 1 }));
        Assert.Throws<ArgumentException>(() => AverageEffect.DoublyRobust(data, new AverageEffectOptions { PropensityLearner = new RidgeRegression() }));
        Assert.Throws<ArgumentNullException>(() => AverageEffect.DoublyRobust(null!));
    }
}
