using System.Text.RegularExpressions;
using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class RandomForestTests
{
    private static (FeatureMatrix<double> X, double[] Y) Nonlinear(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * 4];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                x[(i * 4) + j] = (rng.NextDouble() * 6) - 3;
            }

            y[i] = Math.Sin(x[i * 4]) + (x[(i * 4) + 1] > 0 ? 1 : 0) + (0.1 * Synthetic.Normal(rng));
        }

        return (FeatureMatrix<double>.FromOwnedArray(x, n, 4), y);
    }

    private static double Mse(IBaseModel model, FeatureMatrix<double> x, double[] y)
    {
        var p = new double[x.RowCount];
        model.Predict(x, p);
        return p.Select((v, i) => (v - y[i]) * (v - y[i])).Average();
    }

    [Fact]
    public void Regression_NonlinearFunction_HeldOutErrorFarBelowRidge()
    {
        (FeatureMatrix<double> x, double[] y) = Nonlinear(4000, 1);
        (FeatureMatrix<double> xt, double[] yt) = Nonlinear(2000, 2);
        double forest = Mse(new RandomForest(new RandomForestOptions { FeaturesPerSplit = 2 }).Fit(x, y), xt, yt);
        double ridge = Mse(new RidgeRegression().Fit(x, y), xt, yt);
        Assert.True(forest < ridge / 4, $"forest {forest} ridge {ridge}");
        Assert.True(forest < 0.05, $"forest {forest}");
    }

    [Fact]
    public void OutOfBagError_CloseToHeldOutErrorAndNaNWithoutLeftOutRows()
    {
        (FeatureMatrix<double> x, double[] y) = Nonlinear(4000, 1);
        (FeatureMatrix<double> xt, double[] yt) = Nonlinear(4000, 2);
        RandomForestModel model = new RandomForest(new RandomForestOptions { FeaturesPerSplit = 2 }).Fit(x, y);
        double heldOut = Mse(model, xt, yt);
        Assert.InRange(model.OutOfBagError, 0.8 * heldOut, 1.25 * heldOut);
        Assert.True(Mse(model, x, y) < 0.7 * model.OutOfBagError, "in-sample error should be optimistic next to the out-of-bag error");
        Assert.True(double.IsNaN(new RandomForest(new RandomForestOptions { TreeCount = 3, Bootstrap = false }).Fit(x, y).OutOfBagError));
        RandomForestModel loaded = ModelPersistence.FromJson<RandomForestModel>(ModelPersistence.ToJson(model));
        Assert.Equal(model.OutOfBagError, loaded.OutOfBagError);
    }

    [Fact]
    public void SingleFullTree_DistinctRows_MemorisesTargets()
    {
        (FeatureMatrix<double> x, double[] y) = Nonlinear(200, 3);
        var options = new RandomForestOptions { TreeCount = 1, Bootstrap = false, FeaturesPerSplit = 4, MinSamplesLeaf = 1, MaxDepth = 32 };
        var p = new double[200];
        new RandomForest(options).Fit(x, y).Predict(x, p);
        Assert.Equal(y, p);
    }

    [Fact]
    public void Fit_AnyThreadCountAndRefit_IdenticalModelOtherSeedDiffers()
    {
        (FeatureMatrix<double> x, double[] y) = Nonlinear(3000, 4);
        string Fit(int threads, int seed) => Regex.Replace(
            ModelPersistence.ToJson(new RandomForest(new RandomForestOptions { TreeCount = 24, MaxDegreeOfParallelism = threads, Seed = seed }).Fit(x, y)),
            "\"maxDegreeOfParallelism\": *[0-9]+",
            string.Empty);
        string one = Fit(1, 5);
        Assert.Equal(one, Fit(2, 5));
        Assert.Equal(one, Fit(0, 5));
        Assert.Equal(one, Fit(1, 5));
        Assert.NotEqual(one, Fit(1, 6));
    }

    [Fact]
    public void SaveAndLoad_IdenticalPredictions()
    {
        (FeatureMatrix<double> x, double[] y) = Nonlinear(1000, 7);
        RandomForestModel model = new RandomForest(new RandomForestOptions { TreeCount = 10, Bootstrap = false, SampleFraction = 0.7 }).Fit(x, y);
        RandomForestModel loaded = ModelPersistence.FromJson<RandomForestModel>(ModelPersistence.ToJson(model));
        var a = new double[1000];
        var b = new double[1000];
        model.Predict(x, a);
        loaded.Predict(x, b);
        Assert.Equal(a, b);
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.NodeCount, loaded.NodeCount);
        string corrupt = Regex.Replace(ModelPersistence.ToJson(model), "\"roots\":\\s*\\[\\s*0,", "\"roots\": [999999,");
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<RandomForestModel>(corrupt));
    }

    [Fact]
    public void Classification_Hillstrom_ProbabilitiesCalibratedLikeLogistic()
    {
        // Visit on the Womens-vs-none half split: the forest's held-out log-loss is within 2% of
        // logistic regression's (visit is nearly log-linear in these features, docs/uplift.md).
        (UpliftData train, UpliftData test) = Hillstrom.Split(threeArms: false);
        var forest = new RandomForest(new RandomForestOptions { Task = RandomForestTask.Classification, TreeCount = 50, MinSamplesLeaf = 50, MaxDepth = 10 });
        double LogLoss(IBaseModel m)
        {
            var p = new double[test.Count];
            m.Predict(test.Features, p);
            double sum = 0;
            for (int i = 0; i < p.Length; i++)
            {
                Assert.InRange(p[i], 0, 1);
                double q = Math.Clamp(p[i], 1e-9, 1 - 1e-9);
                sum -= test.Outcome[i] == 1 ? Math.Log(q) : Math.Log(1 - q);
            }

            return sum / p.Length;
        }

        double rf = LogLoss(forest.Fit(train.Features, train.Outcome));
        double logistic = LogLoss(new LogisticRegression().Fit(train.Features, train.Outcome));
        Assert.True(rf < logistic * 1.02, $"forest {rf} logistic {logistic}");
        IUpliftModel uplift = new TLearner(new TLearnerOptions { Learner = forest }).Fit(train);
        var effects = new double[test.Count];
        uplift.PredictEffects(test.Features, effects);
        Assert.True(UpliftMetrics.QiniAucScore(test.Outcome, effects, test.Treatment) > 0.02);
    }

    [Fact]
    public void RLearner_ForestEffectLearner_RecoversEffect()
    {
        UpliftData train = Synthetic.Make(4000, 1, 51, binary: false);
        UpliftData test = Synthetic.Make(1000, 1, 52, binary: false);
        var forest = new RandomForest(new RandomForestOptions { TreeCount = 50, MinSamplesLeaf = 20 });
        IUpliftModel model = new RLearner(new RLearnerOptions { OutcomeLearner = forest, EffectLearner = forest, Propensity = PropensityMode.Constant }).Fit(train);
        var effects = new double[test.Count];
        model.PredictEffects(test.Features, effects);
        double[] truth = Enumerable.Range(0, test.Count).Select(r => 2.0 * test.Features[r, 0]).ToArray();
        Assert.True(Synthetic.Correlation(effects, truth) > 0.9);
    }

    [Fact]
    public void Classification_NonBinaryTarget_Throws()
    {
        (FeatureMatrix<double> x, double[] y) = Nonlinear(50, 8);
        Assert.Throws<ArgumentException>(() => new RandomForest(new RandomForestOptions { Task = RandomForestTask.Classification }).Fit(x, y));
    }

    public static TheoryData<RandomForestOptions> BadOptions() =>
    [
        new RandomForestOptions { TreeCount = 0 },
        new RandomForestOptions { MaxDepth = 0 },
        new RandomForestOptions { MaxDepth = 33 },
        new RandomForestOptions { MinSamplesLeaf = 0 },
        new RandomForestOptions { FeaturesPerSplit = -1 },
        new RandomForestOptions { SampleFraction = 0 },
        new RandomForestOptions { SampleFraction = double.NaN },
        new RandomForestOptions { MaxBins = 1 },
        new RandomForestOptions { MaxDegreeOfParallelism = -1 },
        new RandomForestOptions { Task = (RandomForestTask)5 },
    ];

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Fit_BadOptions_Throw(RandomForestOptions options)
    {
        (FeatureMatrix<double> x, double[] y) = Nonlinear(50, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomForest(options).Fit(x, y));
    }
}
