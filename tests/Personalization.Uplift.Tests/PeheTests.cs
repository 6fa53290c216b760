using Personalization.Uplift.Learners;
using Xunit.Abstractions;

namespace Personalization.Uplift.Tests;

/// <summary>
/// PEHE (RMSE of predicted minus true effect) on the Nie &amp; Wager setups, n = 20,000 generated
/// with a fixed seed, fitted on the first half and scored on the second. Thresholds are the
/// measured values (docs/uplift.md) with a margin of about 10%.
/// </summary>
public sealed class PeheTests(ITestOutputHelper output)
{
    private const int N = 20_000;

    private static NieWager.Sample[] Halves(char setup)
    {
        (NieWager.Sample train, NieWager.Sample test) = NieWager.Split(NieWager.Make(setup, N, 1000 + (setup - 'A')), N / 2);
        return [train, test];
    }

    private static IUpliftEstimator Create(string learner) => learner switch
    {
        "S" => new SLearner(),
        "T" => new TLearner(),
        "X" => new XLearner(new XLearnerOptions { Propensity = PropensityMode.Estimated }),
        "DR" => new DRLearner(new DRLearnerOptions { Propensity = PropensityMode.Estimated }),
        "R" => new RLearner(),
        "DR-ridge" => new DRLearner(new DRLearnerOptions { Propensity = PropensityMode.Estimated, EffectLearner = new RidgeRegression() }),
        "R-ridge" => new RLearner(new RLearnerOptions { EffectLearner = new RidgeRegression() }),

        // The recommended configurations of docs/uplift.md ("When to use which learner").
        "R-lasso" => new RLearner(new RLearnerOptions { EffectLearner = new LassoRegression() }),
        "DR-boosted-lasso" => new DRLearner(new DRLearnerOptions
        {
            Propensity = PropensityMode.Estimated,
            PropensityLearner = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic }),
            EffectLearner = new LassoRegression(),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(learner)),
    };

    public static TheoryData<char, string, double> Thresholds() => new()
    {
        { 'A', "S", 0.15 }, { 'A', "T", 0.245 }, { 'A', "X", 0.17 }, { 'A', "DR", 0.61 }, { 'A', "R", 0.27 }, { 'A', "R-ridge", 0.135 },
        { 'B', "S", 0.42 }, { 'B', "T", 0.35 }, { 'B', "X", 0.21 }, { 'B', "DR", 0.24 }, { 'B', "R", 0.245 }, { 'B', "R-ridge", 0.175 },
        { 'C', "S", 0.31 }, { 'C', "T", 0.575 }, { 'C', "X", 0.21 }, { 'C', "DR", 0.33 }, { 'C', "R", 0.275 }, { 'C', "R-ridge", 0.076 },
        { 'D', "S", 0.625 }, { 'D', "T", 0.375 }, { 'D', "X", 0.39 }, { 'D', "DR", 0.4 }, { 'D', "R", 0.4 }, { 'D', "R-ridge", 0.75 },

        // Lasso final stages (measured A 0.0782 / 0.1245, B 0.1538 / 0.1590, C 0.0939 / 0.0177, D 0.6737 / 0.6791,
        // E 0.0134 / 0.0137); issue 20's best published figures are A 0.083, B 0.156, C 0.086, D 0.394, E 0.015.
        { 'A', "DR-boosted-lasso", 0.086 }, { 'A', "R-lasso", 0.137 },
        { 'B', "DR-boosted-lasso", 0.17 }, { 'B', "R-lasso", 0.175 },
        { 'C', "DR-boosted-lasso", 0.104 }, { 'C', "R-lasso", 0.0195 },
        { 'D', "DR-boosted-lasso", 0.74 }, { 'D', "R-lasso", 0.75 },
        { 'E', "DR-boosted-lasso", 0.0148 }, { 'E', "R-lasso", 0.0151 },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Fit_NieWagerSetup_PeheBelowMeasuredThreshold(char setup, string learner, double threshold)
    {
        NieWager.Sample[] halves = Halves(setup);
        double pehe = NieWager.Pehe(Create(learner).Fit(halves[0].Data), halves[1]);
        output.WriteLine($"{setup} {learner}: PEHE {pehe:F4}");
        Assert.True(pehe < threshold, $"setup {setup}, {learner}: PEHE {pehe:F4} >= {threshold}");
    }

    /// <summary>A flexible outcome model (deep trees, leaves of one row) that memorises its training rows.</summary>
    private static readonly GradientBoosting s_flexible = new(new GradientBoostingOptions { TreeCount = 200, MaxDepth = 8, MinSamplesLeaf = 1, LearningRate = 0.3 });

    private static IUpliftEstimator Flexible(string learner, bool crossFit) => learner switch
    {
        "X" => new XLearner(new XLearnerOptions { OutcomeLearner = s_flexible, Propensity = PropensityMode.Estimated, CrossFitting = crossFit }),
        "DR" => new DRLearner(new DRLearnerOptions { OutcomeLearner = s_flexible, Propensity = PropensityMode.Estimated, CrossFitting = crossFit }),
        "R" => new RLearner(new RLearnerOptions { OutcomeLearner = s_flexible, CrossFitting = crossFit }),
        _ => throw new ArgumentOutOfRangeException(nameof(learner)),
    };

    /// <summary>
    /// Setup C (hard baseline, easy propensity, constant effect) with a memorising outcome model.
    /// Measured: R 0.294 cross-fitted vs 0.936 in-sample (in-sample m(x) ≈ y leaves no residual, the
    /// effect collapses towards 0); DR 0.359 vs 0.365; X 0.191 vs 0.177 (its imputations never see
    /// their row, so cross-fitting only costs data).
    /// </summary>
    [Theory]
    [InlineData("R", 0.33, 0.8, 1.05)]
    [InlineData("DR", 0.40, 0.30, 0.40)]
    [InlineData("X", 0.21, 0.15, 0.20)]
    public void Fit_SetupCMemorisingNuisance_CrossFittingAsMeasured(string learner, double onBelow, double offAbove, double offBelow)
    {
        NieWager.Sample[] halves = Halves('C');
        double on = NieWager.Pehe(Flexible(learner, crossFit: true).Fit(halves[0].Data), halves[1]);
        double off = NieWager.Pehe(Flexible(learner, crossFit: false).Fit(halves[0].Data), halves[1]);
        output.WriteLine($"C {learner} flexible: cross-fitted {on:F4}, in-sample {off:F4}");
        Assert.True(on < onBelow, $"cross-fitted PEHE {on:F4} >= {onBelow}");
        Assert.True(off > offAbove && off < offBelow, $"in-sample PEHE {off:F4} outside ({offAbove}, {offBelow})");
    }

    [Fact]
    public void Make_SameSeed_SameRowsAndTrueEffectsFollowFormulas()
    {
        NieWager.Sample a = NieWager.Make('B', 500, 9);
        NieWager.Sample b = NieWager.Make('B', 500, 9);
        Assert.Equal(a.Data.Outcome.ToArray(), b.Data.Outcome.ToArray());
        for (int r = 0; r < 500; r++)
        {
            Assert.Equal(a.Data.Features[r, 0] + Math.Log(1 + Math.Exp(a.Data.Features[r, 1])), a.Effect[r], 1e-12);
        }

        NieWager.Sample c = NieWager.Make('C', 20_000, 10);
        Assert.All(c.Effect, tau => Assert.Equal(1, tau));
        double treated = c.Data.Treatment.ToArray().Average();
        Assert.InRange(treated, 0.45, 0.55); // e = 1/(1 + e^(x2 + x3)) averages 1/2 by symmetry.
        Assert.Throws<ArgumentOutOfRangeException>(() => NieWager.Make('F', 10, 1));
    }
}
