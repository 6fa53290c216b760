using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Personalization.Persistence;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class CrossFittingTests
{
    private static readonly GradientBoosting s_smallLeaves = new(new GradientBoostingOptions { TreeCount = 20, LearningRate = 0.3, MinSamplesLeaf = 3 });
    private static readonly UpliftData s_data = Synthetic.Make(400, 2, 31, binary: false);

    private static double[] Nuisance(UpliftData data, int[]? fold)
    {
        int[] all = Enumerable.Range(0, data.Count).ToArray();
        return CrossFitting.Predict(s_smallLeaves, data.Features, data.Outcome, all, all, fold, 5, CancellationToken.None);
    }

    private static UpliftData WithOutcome(UpliftData data, int row, double delta)
    {
        double[] y = data.Outcome.ToArray();
        y[row] += delta;
        return new UpliftData(data.Features, data.Treatment, y);
    }

    [Property(MaxTest = 25)]
    public Property Predict_RowOutcomePerturbed_RowPredictionUnchanged() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 399)), Arb.From(Gen.Choose(-50, 50).Where(v => v != 0)), (row, delta) =>
        {
            int[] fold = CrossFitting.Folds(s_data, 5, 7);
            double before = Nuisance(s_data, fold)[row];
            double after = Nuisance(WithOutcome(s_data, row, delta), fold)[row];
            return before == after;
        });

    [Fact]
    public void Predict_NoCrossFitting_RowOutcomePerturbed_RowPredictionMoves()
    {
        // The control case: an in-sample nuisance model does see the row, so the property above can fail.
        double before = Nuisance(s_data, null)[17];
        double after = Nuisance(WithOutcome(s_data, 17, 25), null)[17];
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Folds_StratifiedByArmAndSeeded()
    {
        int[] a = CrossFitting.Folds(s_data, 5, 3);
        Assert.Equal(a, CrossFitting.Folds(s_data, 5, 3));
        Assert.NotEqual(a, CrossFitting.Folds(s_data, 5, 4));
        for (int arm = 0; arm <= s_data.ArmCount; arm++)
        {
            int[] counts = new int[5];
            for (int r = 0; r < s_data.Count; r++)
            {
                if (s_data.Treatment[r] == arm)
                {
                    counts[a[r]]++;
                }
            }

            Assert.True(counts.Max() - counts.Min() <= 1, $"arm {arm}: {string.Join(",", counts)}");
        }
    }

    [Fact]
    public void Folds_ArmSmallerThanFoldCount_ThrowsNamingArm()
    {
        var x = FeatureMatrix<double>.FromRows([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]]);
        var data = new UpliftData(x, [0, 0, 0, 1, 1, 2], [1, 0, 1, 0, 1, 1]);
        var ex = Assert.Throws<ArgumentException>(() => CrossFitting.Folds(data, 2, 0));
        Assert.Contains("Arm 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 rows", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> CrossFittedLearners() => ["X", "DR", "R"];

    private static IUpliftEstimator Create(string name, int seed, bool crossFit = true) => name switch
    {
        "X" => new XLearner(new XLearnerOptions { OutcomeLearner = s_smallLeaves, EffectLearner = s_smallLeaves, Seed = seed, CrossFitting = crossFit }),
        "DR" => new DRLearner(new DRLearnerOptions { OutcomeLearner = s_smallLeaves, EffectLearner = s_smallLeaves, Propensity = PropensityMode.Estimated, Seed = seed, CrossFitting = crossFit }),
        "R" => new RLearner(new RLearnerOptions { OutcomeLearner = s_smallLeaves, EffectLearner = s_smallLeaves, Seed = seed, CrossFitting = crossFit }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string Json(IUpliftModel model) => model switch
    {
        XLearnerModel m => ModelPersistence.ToJson(m),
        DRLearnerModel m => ModelPersistence.ToJson(m),
        RLearnerModel m => ModelPersistence.ToJson(m),
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    [Theory]
    [MemberData(nameof(CrossFittedLearners))]
    public void Fit_SameSeed_IdenticalModelOtherSeedDiffers(string name)
    {
        string a = Json(Create(name, 1).Fit(s_data));
        string b = Json(Create(name, 1).Fit(s_data));
        string c = Json(Create(name, 2).Fit(s_data));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [MemberData(nameof(CrossFittedLearners))]
    public void Fit_CrossFittingOff_DiffersAndIgnoresSeed(string name)
    {
        var on = new double[s_data.Count * 2];
        var off1 = new double[s_data.Count * 2];
        var off2 = new double[s_data.Count * 2];
        Create(name, 1).Fit(s_data).PredictEffects(s_data.Features, on);
        Create(name, 1, crossFit: false).Fit(s_data).PredictEffects(s_data.Features, off1);
        Create(name, 2, crossFit: false).Fit(s_data).PredictEffects(s_data.Features, off2);
        Assert.NotEqual(on, off1);
        Assert.Equal(off1, off2);
    }

    [Fact]
    public void Fit_FoldCountOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new XLearner(new XLearnerOptions { FoldCount = 1 }).Fit(s_data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RLearner(new RLearnerOptions { FoldCount = 21 }).Fit(s_data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DRLearner(new DRLearnerOptions { FoldCount = 0 }).Fit(s_data));
    }
}
