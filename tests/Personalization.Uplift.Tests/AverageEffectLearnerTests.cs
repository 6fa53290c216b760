using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>AverageEffect.DoublyRobust with every base learner, both outcome kinds and several arms (issue 20, item 3).</summary>
public sealed class AverageEffectLearnerTests
{
    /// <summary>
    /// Three arms assigned in turn; x0, x1 ~ U(−1, 1). Continuous: y = 1 + x1 + a(0.5 + x0) + N(0, 1), ATE<sub>a</sub> = 0.5a.
    /// Binary: P(y = 1) = 0.3 + 0.1 x1 + 0.1 a (0.5 + x0), ATE<sub>a</sub> = 0.05a.
    /// </summary>
    private static UpliftData Make(int n, int seed, bool binary)
    {
        var rng = new Random(seed);
        var x = new double[n * 2];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x0 = (rng.NextDouble() * 2) - 1, x1 = (rng.NextDouble() * 2) - 1;
            x[i * 2] = x0;
            x[(i * 2) + 1] = x1;
            t[i] = i % 3;
            y[i] = binary
                ? (rng.NextDouble() < 0.3 + (0.1 * x1) + (0.1 * t[i] * (0.5 + x0)) ? 1 : 0)
                : 1 + x1 + (t[i] * (0.5 + x0)) + Synthetic.Normal(rng);
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 2), t, y);
    }

    public static TheoryData<string, bool> Learners => new()
    {
        { "ridge", false }, { "boosting", false }, { "forest", false },
        { "ridge", true }, { "logistic", true }, { "boosting", true }, { "forest", true },
    };

    private static IBaseLearner Learner(string name, bool binary) => name switch
    {
        "ridge" => new RidgeRegression(),
        "logistic" => new LogisticRegression(),
        "boosting" => new GradientBoosting(new GradientBoostingOptions { TreeCount = 30, MinSamplesLeaf = 20, Objective = binary ? GradientBoostingObjective.Logistic : GradientBoostingObjective.SquaredError }),
        _ => new RandomForest(new RandomForestOptions { TreeCount = 30, MinSamplesLeaf = 20, Task = binary ? RandomForestTask.Classification : RandomForestTask.Regression }),
    };

    [Theory]
    [MemberData(nameof(Learners))]
    public void DoublyRobust_EveryLearner_EstimatesEachArmWithinFourStandardErrors(string learner, bool binary)
    {
        UpliftData data = Make(1500, 11, binary);
        var estimates = AverageEffect.DoublyRobust(data, new AverageEffectOptions { OutcomeLearner = Learner(learner, binary), Seed = 1 });
        Assert.Equal(2, estimates.Length);
        foreach (AverageEffectEstimate e in estimates)
        {
            double truth = (binary ? 0.05 : 0.5) * e.Arm;
            Assert.True(double.IsFinite(e.StandardError) && e.StandardError > 0, $"arm {e.Arm}: SE {e.StandardError}");
            Assert.True(Math.Abs(e.Effect - truth) < 4 * e.StandardError, $"{learner}, arm {e.Arm}: {e.Effect} ± {e.StandardError}, truth {truth}");
            Assert.Equal(1000, e.RowCount);
            Assert.Equal(0, e.PoorOverlapShare);
        }
    }

    [Fact]
    public void DoublyRobust_SmallHandComputedCase_IsTheDifferenceInMeansWithAipwStandardError()
    {
        // Control rows 0..9 (mean 0.3), treated rows 10..19 (mean 0.6); mean outcome models and e = 0.5 give
        // φ = 0.3 + 2(y − 0.6) on treated rows and 0.3 − 2(y − 0.3) on control rows: mean 0.3, SE sd(φ)/√20 =
        // 0.2176428750330035 (Python, n − 1 in the variance).
        double[] y = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0];
        int[] t = [.. Enumerable.Range(0, 20).Select(i => i < 10 ? 0 : 1)];
        var data = new UpliftData(FeatureMatrix<double>.FromOwnedArray([.. Enumerable.Range(0, 20).Select(i => (double)i)], 20, 1), t, y);
        AverageEffectEstimate e = Assert.Single(AverageEffect.DoublyRobust(data, new AverageEffectOptions { OutcomeLearner = new MeanLearner(), CrossFitting = false }));
        Assert.Equal(0.3, e.Effect, 12);
        Assert.Equal(0.2176428750330035, e.StandardError, 12);
        Assert.Equal(0.3 - (1.959963984540054 * 0.2176428750330035), e.Lower, 12);
    }
}
