using System.Text.Json.Nodes;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;
using Xunit.Abstractions;

namespace Personalization.Uplift.Tests;

/// <summary>Bad input (issue 20, item 8): clipped propensities, the overlap diagnostic and too few rows for the folds.</summary>
public sealed class OverlapAndFoldTests(ITestOutputHelper output)
{
    /// <summary>x0 ~ U(−1, 1), e(x) = σ(4·x0): about 26% of rows have e outside [0.05, 0.95] (|x0| &gt; 0.736).</summary>
    private static UpliftData Selected(int n, int seed, double slope = 4)
    {
        var rng = new Random(seed);
        var x = new double[n * 2];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x0 = (rng.NextDouble() * 2) - 1;
            x[i * 2] = x0;
            x[(i * 2) + 1] = Synthetic.Normal(rng);
            t[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-slope * x0)) ? 1 : 0;
            y[i] = x0 + (t[i] * 0.5) + Synthetic.Normal(rng);
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 2), t, y);
    }

    private static readonly RidgeRegression s_ols = new(new RidgeRegressionOptions { Alpha = 0 });

    [Fact]
    public void Fit_PoorOverlap_EveryPropensityLearnerReportsTheShareOutsideTheBand()
    {
        UpliftData data = Selected(2000, 1);
        double dr = new DRLearner(new DRLearnerOptions { OutcomeLearner = s_ols, EffectLearner = s_ols, Propensity = PropensityMode.Estimated }).Fit(data).PoorOverlapShare[0];
        double r = new RLearner(new RLearnerOptions { OutcomeLearner = s_ols, EffectLearner = new RidgeRegression(), Propensity = PropensityMode.Estimated }).Fit(data).PoorOverlapShare[0];
        double x = new XLearner(new XLearnerOptions { OutcomeLearner = s_ols, EffectLearner = s_ols, Propensity = PropensityMode.Estimated }).Fit(data).PoorOverlapShare[0];
        double ate = Assert.Single(AverageEffect.DoublyRobust(data, new AverageEffectOptions { OutcomeLearner = s_ols, Propensity = PropensityMode.Estimated })).PoorOverlapShare;
        output.WriteLine($"poor-overlap share: DR {dr:F4}, R {r:F4}, X {x:F4}, AverageEffect {ate:F4} (true share 0.2640)");
        foreach (double share in new[] { dr, r, x, ate })
        {
            Assert.InRange(share, 0.18, 0.34);
        }
    }

    [Fact]
    public void Fit_Randomized_OverlapShareIsZero()
    {
        UpliftData data = Synthetic.Make(600, 2, 3, binary: false);
        DRLearnerModel dr = new DRLearner(new DRLearnerOptions { OutcomeLearner = s_ols, EffectLearner = s_ols, Propensity = PropensityMode.Estimated }).Fit(data);
        Assert.Equal([0.0, 0.0], dr.PoorOverlapShare);
        XLearnerModel x = new XLearner(new XLearnerOptions { OutcomeLearner = s_ols, EffectLearner = s_ols }).Fit(data);
        Assert.Equal([0.0, 0.0], x.PoorOverlapShare);
    }

    [Fact]
    public void Fit_KnownPropensityOutsideTheBand_ShareIsOne()
    {
        UpliftData data = Synthetic.Make(400, 1, 3, binary: false);
        RLearnerModel r = new RLearner(new RLearnerOptions { OutcomeLearner = s_ols, EffectLearner = new RidgeRegression(), Propensity = PropensityMode.Constant, KnownPropensity = 0.97 }).Fit(data);
        Assert.Equal([1.0], r.PoorOverlapShare);
    }

    [Fact]
    public void Propensity_ExtremeEstimates_AreClippedAfterTheShareIsTaken()
    {
        UpliftData data = Selected(1000, 2, slope: 12);
        int[] pair = MetaLearnerSupport.ControlAndArm(data, 1);
        double[] e = CrossFitting.Propensity(data, 1, pair, PropensityMode.Estimated, null, 0.1, new LogisticRegression(), null, 5, out double share, default);
        Assert.Equal(0.1, e.Min(), 12);
        Assert.Equal(0.9, e.Max(), 12);
        Assert.InRange(share, 0.6, 0.9); // |x0| > 0.245 has e outside [0.05, 0.95] when the slope is 12
    }

    [Fact]
    public void SavedModel_KeepsTheDiagnostic_AndOldPayloadsReadAsNaN()
    {
        UpliftData data = Selected(600, 3);
        DRLearnerModel model = new DRLearner(new DRLearnerOptions { OutcomeLearner = s_ols, EffectLearner = s_ols, Propensity = PropensityMode.Estimated }).Fit(data);
        string json = ModelPersistence.ToJson(model);
        Assert.Equal(model.PoorOverlapShare, ModelPersistence.FromJson<DRLearnerModel>(json).PoorOverlapShare);

        JsonNode old = JsonNode.Parse(json)!;
        old["payload"]!.AsObject().Remove("poorOverlapShare");
        Assert.True(double.IsNaN(ModelPersistence.FromJson<DRLearnerModel>(old.ToJsonString()).PoorOverlapShare[0]));

        JsonNode bad = JsonNode.Parse(json)!;
        bad["payload"]!["poorOverlapShare"]![0] = 1.5;
        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<DRLearnerModel>(bad.ToJsonString()));
        Assert.Contains("poorOverlapShare", ex.Message, StringComparison.Ordinal);

        XLearnerModel x = new XLearner(new XLearnerOptions { OutcomeLearner = s_ols, EffectLearner = s_ols, Propensity = PropensityMode.Estimated }).Fit(data);
        Assert.Equal(x.PoorOverlapShare, ModelPersistence.FromJson<XLearnerModel>(ModelPersistence.ToJson(x)).PoorOverlapShare);
    }

    public static TheoryData<string> CrossFitters => ["DR", "R", "X", "AverageEffect", "PolicyValue"];

    private static void Run(string learner, UpliftData data, IBaseLearner outcome, int folds)
    {
        switch (learner)
        {
            case "DR": new DRLearner(new DRLearnerOptions { OutcomeLearner = outcome, EffectLearner = s_ols, FoldCount = folds }).Fit(data); break;
            case "R": new RLearner(new RLearnerOptions { OutcomeLearner = outcome, EffectLearner = new RidgeRegression(), FoldCount = folds }).Fit(data); break;
            case "X": new XLearner(new XLearnerOptions { OutcomeLearner = outcome, EffectLearner = s_ols, CrossFitting = true, FoldCount = folds }).Fit(data); break;
            case "AverageEffect": AverageEffect.DoublyRobust(data, new AverageEffectOptions { OutcomeLearner = outcome, FoldCount = folds }); break;
            default: PolicyValue.Evaluate(data, new int[data.Count], new PolicyValueOptions { OutcomeLearner = outcome, FoldCount = folds }); break;
        }
    }

    [Fact]
    public void Fit_ClassifierWithOneResponderInAnArm_WithoutCrossFittingSucceeds()
    {
        XLearnerModel model = new XLearner(new XLearnerOptions { OutcomeLearner = new LogisticRegression(), EffectLearner = s_ols }).Fit(SmallArm(true));
        Assert.Equal(1, model.ArmCount);
    }

    /// <summary>30 control rows and 11 treated rows; outcome 1 in every third control row and only in treated row 0 (when <paramref name="oneResponder"/>).</summary>
    private static UpliftData SmallArm(bool oneResponder)
    {
        int n = 41;
        var x = new double[n];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 7;
            t[i] = i < 30 ? 0 : 1;
            y[i] = i < 30 ? (i % 3 == 0 ? 1 : 0) : (oneResponder ? (i == 30 ? 1 : 0) : i % 2);
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 1), t, y, ["control", "offer"]);
    }

    [Theory]
    [MemberData(nameof(CrossFitters))]
    public void Fit_ArmSmallerThanFoldCount_ThrowsNamingArmAndCount(string learner)
    {
        var ex = Assert.Throws<ArgumentException>(() => Run(learner, SmallArm(false), s_ols, 12));
        Assert.Contains("Arm 1 ('offer') has 11 rows, fewer than the 12 cross-fitting folds", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> PerArmOutcomeModels => ["DR", "X", "AverageEffect", "PolicyValue"];

    [Theory]
    [MemberData(nameof(PerArmOutcomeModels))]
    public void Fit_ClassifierWithOneResponderInAnArm_ThrowsNamingArmAndCount(string learner)
    {
        var ex = Assert.Throws<ArgumentException>(() => Run(learner, SmallArm(true), new LogisticRegression(), 5));
        Assert.Contains("Arm 1 ('offer') has 1 rows with outcome 1 among its 11 rows", ex.Message, StringComparison.Ordinal);
    }
}
