using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class MetaLearnerTests
{
    private static readonly GradientBoosting s_fastTrees = new(new GradientBoostingOptions { TreeCount = 40, LearningRate = 0.2, MinSamplesLeaf = 50 });
    private static readonly GradientBoosting s_fastClassifier = new(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic, TreeCount = 40, LearningRate = 0.2, MinSamplesLeaf = 50 });

    public static TheoryData<string> LearnerNames() => ["S", "T", "X", "XEstimated", "DR", "DREstimated", "R", "RConstant", "CT", "TO"];

    private static IUpliftEstimator Create(string name, bool binary) => name switch
    {
        "S" => new SLearner(new SLearnerOptions { Learner = binary ? s_fastClassifier : s_fastTrees }),
        "T" => new TLearner(new TLearnerOptions { Learner = binary ? s_fastClassifier : s_fastTrees }),
        "X" => new XLearner(new XLearnerOptions { OutcomeLearner = binary ? s_fastClassifier : s_fastTrees, EffectLearner = s_fastTrees }),
        "XEstimated" => new XLearner(new XLearnerOptions { OutcomeLearner = binary ? s_fastClassifier : s_fastTrees, EffectLearner = s_fastTrees, Propensity = PropensityMode.Estimated }),
        "DR" => new DRLearner(new DRLearnerOptions { OutcomeLearner = binary ? s_fastClassifier : s_fastTrees, EffectLearner = s_fastTrees, KnownPropensity = 0.5 }),
        "DREstimated" => new DRLearner(new DRLearnerOptions { OutcomeLearner = binary ? s_fastClassifier : s_fastTrees, EffectLearner = s_fastTrees, Propensity = PropensityMode.Estimated, FoldCount = 3, Seed = 3 }),
        "R" => new RLearner(new RLearnerOptions { OutcomeLearner = binary ? s_fastClassifier : s_fastTrees, EffectLearner = s_fastTrees, FoldCount = 3, Seed = 5 }),
        "RConstant" => new RLearner(new RLearnerOptions { OutcomeLearner = binary ? s_fastClassifier : s_fastTrees, EffectLearner = s_fastTrees, Propensity = PropensityMode.Constant }),
        "CT" => new ClassTransformation(new ClassTransformationOptions { Learner = binary ? s_fastClassifier : s_fastTrees }),
        "TO" => new ClassTransformation(new ClassTransformationOptions { Variant = ClassTransformationVariant.TransformedOutcome, Learner = s_fastTrees }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(LearnerNames))]
    public void Fit_ContinuousOutcomeTwoArms_RecoversEffectPerArm(string name)
    {
        if (name == "CT")
        {
            return; // Class transformation needs a binary outcome (tested below).
        }

        UpliftData train = Synthetic.Make(3000, 2, 11, binary: false);
        UpliftData test = Synthetic.Make(1000, 2, 12, binary: false);
        IUpliftModel model = Create(name, binary: false).Fit(train);
        Assert.Equal(2, model.ArmCount);
        var effects = new double[test.Count * 2];
        model.PredictEffects(test.Features, effects);
        for (int a = 1; a <= 2; a++)
        {
            double[] predicted = Enumerable.Range(0, test.Count).Select(r => effects[(r * 2) + a - 1]).ToArray();
            double[] truth = Enumerable.Range(0, test.Count).Select(r => 2.0 * a * test.Features[r, 0]).ToArray();
            double correlation = Synthetic.Correlation(predicted, truth);
            Assert.True(correlation > 0.8, $"{name} arm {a}: correlation {correlation}");
        }
    }

    [Theory]
    [MemberData(nameof(LearnerNames))]
    public void Fit_BinaryOutcome_RanksByTrueEffect(string name)
    {
        UpliftData train = Synthetic.Make(5000, 1, 13);
        UpliftData test = Synthetic.Make(1000, 1, 14);
        IUpliftModel model = Create(name, binary: true).Fit(train);
        var effects = new double[test.Count];
        model.PredictEffects(test.Features, effects);
        double[] truth = Enumerable.Range(0, test.Count).Select(r => Synthetic.TrueEffect(test.Features[r, 0], 1)).ToArray();
        double correlation = Synthetic.Correlation(effects, truth);
        Assert.True(correlation > 0.35, $"{name}: correlation {correlation}");
    }

    [Theory]
    [MemberData(nameof(LearnerNames))]
    public void SaveAndLoad_IdenticalPredictions(string name)
    {
        UpliftData train = Synthetic.Make(800, 2, 15);
        IUpliftModel model = Create(name, binary: true).Fit(train);
        IUpliftModel loaded = model switch
        {
            SLearnerModel m => ModelPersistence.FromJson<SLearnerModel>(ModelPersistence.ToJson(m)),
            TLearnerModel m => ModelPersistence.FromJson<TLearnerModel>(ModelPersistence.ToJson(m)),
            XLearnerModel m => ModelPersistence.FromJson<XLearnerModel>(ModelPersistence.ToJson(m)),
            DRLearnerModel m => ModelPersistence.FromJson<DRLearnerModel>(ModelPersistence.ToJson(m)),
            RLearnerModel m => ModelPersistence.FromJson<RLearnerModel>(ModelPersistence.ToJson(m)),
            ClassTransformationModel m => ModelPersistence.FromJson<ClassTransformationModel>(ModelPersistence.ToJson(m)),
            _ => throw new InvalidOperationException(),
        };
        var a = new double[train.Count * 2];
        var b = new double[train.Count * 2];
        model.PredictEffects(train.Features, a);
        loaded.PredictEffects(train.Features, b);
        Assert.Equal(a, b);
        Assert.Equal(model.ArmCount, loaded.ArmCount);
        Assert.Equal(model.FeatureCount, loaded.FeatureCount);
    }

    [Theory]
    [MemberData(nameof(LearnerNames))]
    public void Fit_Twice_IdenticalEffects(string name)
    {
        UpliftData train = Synthetic.Make(600, 1, 16);
        var a = new double[train.Count];
        var b = new double[train.Count];
        Create(name, binary: true).Fit(train).PredictEffects(train.Features, a);
        Create(name, binary: true).Fit(train).PredictEffects(train.Features, b);
        Assert.Equal(a, b);
    }

    [Property(MaxTest = 20)]
    public Property TLearner_SwapTreatmentAndControl_NegatesEffect() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 100000)), seed =>
        {
            UpliftData data = Synthetic.Make(300, 1, seed, binary: false);
            int[] swapped = data.Treatment.ToArray().Select(t => 1 - t).ToArray();
            var swappedData = new UpliftData(data.Features, swapped, data.Outcome);
            var learner = new TLearner(new TLearnerOptions { Learner = new GradientBoosting(new GradientBoostingOptions { TreeCount = 10, MinSamplesLeaf = 10 }) });
            var a = new double[data.Count];
            var b = new double[data.Count];
            learner.Fit(data).PredictEffects(data.Features, a);
            learner.Fit(swappedData).PredictEffects(data.Features, b);
            return a.Zip(b).All(p => p.First == -p.Second);
        });

    [Fact]
    public void TLearnerModel_PredictOutcomes_DifferenceIsEffect()
    {
        UpliftData data = Synthetic.Make(1000, 2, 17, binary: false);
        TLearnerModel model = new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(data);
        var outcomes = new double[data.Count * 3];
        var effects = new double[data.Count * 2];
        model.PredictOutcomes(data.Features, outcomes);
        model.PredictEffects(data.Features, effects);
        for (int r = 0; r < data.Count; r++)
        {
            Assert.Equal(outcomes[(r * 3) + 2] - outcomes[r * 3], effects[(r * 2) + 1]);
        }
    }

    [Fact]
    public void Fit_ClassifierOnContinuousOutcome_Throws()
    {
        UpliftData data = Synthetic.Make(200, 1, 18, binary: false);
        var ex = Assert.Throws<ArgumentException>(() => new TLearner(new TLearnerOptions { Learner = new LogisticRegression() }).Fit(data));
        Assert.Contains("not binary", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SLearner(new SLearnerOptions { Learner = new LogisticRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new XLearner(new XLearnerOptions { OutcomeLearner = new LogisticRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new DRLearner(new DRLearnerOptions { OutcomeLearner = new LogisticRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new ClassTransformation(new ClassTransformationOptions { Variant = ClassTransformationVariant.ClassTransformation }).Fit(data));
    }

    [Fact]
    public void Fit_WrongLearnerKinds_Throw()
    {
        UpliftData data = Synthetic.Make(200, 1, 19);
        Assert.Throws<ArgumentException>(() => new XLearner(new XLearnerOptions { EffectLearner = new LogisticRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new XLearner(new XLearnerOptions { PropensityLearner = new RidgeRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new DRLearner(new DRLearnerOptions { EffectLearner = new LogisticRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new ClassTransformation(new ClassTransformationOptions { Learner = new RidgeRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new ClassTransformation(new ClassTransformationOptions { Variant = ClassTransformationVariant.TransformedOutcome, Learner = new LogisticRegression() }).Fit(data));
    }

    [Fact]
    public void Fit_BadPropensityOptions_Throw()
    {
        UpliftData data = Synthetic.Make(200, 1, 20);
        Assert.Throws<ArgumentOutOfRangeException>(() => new XLearner(new XLearnerOptions { PropensityClip = 0.5 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new XLearner(new XLearnerOptions { KnownPropensity = 1 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DRLearner(new DRLearnerOptions { Propensity = (PropensityMode)9 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DRLearner(new DRLearnerOptions { FoldCount = 1 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassTransformation(new ClassTransformationOptions { Variant = (ClassTransformationVariant)7 }).Fit(data));
        Assert.Throws<ArgumentNullException>(() => new TLearner().Fit(null!));
    }

    [Fact]
    public void DRLearner_ArmSmallerThanFoldCount_Throws()
    {
        // Cross-fitting folds are stratified by arm, so every fold holds units of every arm as long as each arm has at
        // least FoldCount rows: 10 treated rows (the minimum arm size) cannot fill 20 folds.
        UpliftData source = Synthetic.Make(1000, 1, 4, binary: false);
        var t = new int[1000];
        t.AsSpan(0, 10).Fill(1);
        var data = new UpliftData(source.Features, t, source.Outcome);
        var ex = Assert.Throws<ArgumentException>(() => new DRLearner(new DRLearnerOptions { OutcomeLearner = new RidgeRegression(), EffectLearner = new RidgeRegression(), FoldCount = 20, Seed = 153 }).Fit(data));
        Assert.Contains("fold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DRLearner_TenTreatedRowsTwoFolds_FitsWithStratifiedFolds()
    {
        UpliftData source = Synthetic.Make(1000, 1, 4, binary: false);
        var t = new int[1000];
        t.AsSpan(0, 10).Fill(1);
        var data = new UpliftData(source.Features, t, source.Outcome);
        DRLearnerModel model = new DRLearner(new DRLearnerOptions { OutcomeLearner = new RidgeRegression(), EffectLearner = new RidgeRegression(), FoldCount = 2, Seed = 153 }).Fit(data);
        var effects = new double[1000];
        model.PredictEffects(source.Features, effects);
        Assert.All(effects, e => Assert.True(double.IsFinite(e)));
    }

    [Fact]
    public void PredictEffects_WrongColumnsOrShortDestination_Throw()
    {
        UpliftData data = Synthetic.Make(300, 2, 21, binary: false);
        IUpliftModel model = new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(data);
        Assert.Throws<ArgumentException>(() => model.PredictEffects(FeatureMatrix<double>.FromRows([[1.0, 2.0]]), new double[2]));
        var ex = Assert.Throws<ArgumentException>(() => model.PredictEffects(data.Features, new double[data.Count]));
        Assert.Contains("arms", ex.Message, StringComparison.Ordinal);
    }

    private sealed class CustomLearner : IBaseLearner
    {
        public bool IsClassifier => false;

        public IBaseModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default) => new ConstantModel(features.ColumnCount, target.ToArray().Average());
    }

    private sealed class ConstantModel(int features, double value) : IBaseModel
    {
        public int FeatureCount => features;

        public string ModelType => "Constant";

        public void Predict(FeatureMatrix<double> x, Span<double> predictions) => predictions[..x.RowCount].Fill(value);
    }

    [Fact]
    public void CustomLearner_FitsButCannotBeSaved()
    {
        UpliftData data = Synthetic.Make(300, 1, 22, binary: false);
        TLearnerModel model = new TLearner(new TLearnerOptions { Learner = new CustomLearner() }).Fit(data);
        var effects = new double[data.Count];
        model.PredictEffects(data.Features, effects);
        Assert.All(effects, e => Assert.Equal(effects[0], e));
        Assert.Throws<NotSupportedException>(() => ModelPersistence.ToJson(model));
    }

    [Fact]
    public void Load_OtherModelType_ThrowsInvalidData()
    {
        UpliftData data = Synthetic.Make(300, 1, 23, binary: false);
        string json = ModelPersistence.ToJson(new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(data));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<XLearnerModel>(json));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<TLearnerModel>(json.Replace("RidgeRegressionModel", "NoSuchModel", StringComparison.Ordinal)));
    }
}
