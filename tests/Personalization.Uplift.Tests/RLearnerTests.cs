using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class RLearnerTests
{
    [Fact]
    public void Residualize_HandComputed()
    {
        // Rows: (t, y, m, e) = (1, 3, 2, 0.25), (0, 1, 2, 0.25), (1, 0, 0.5, 0.8).
        var pseudo = new double[3];
        var weight = new double[3];
        RLearner.Residualize([1, 0, 1], [3.0, 1.0, 0.0], 1, [0, 1, 2], [2.0, 2.0, 0.5], [0.25, 0.25, 0.8], pseudo, weight);
        Assert.Equal([(3 - 2) / 0.75, (1 - 2) / -0.25, (0 - 0.5) / (1 - 0.8)], pseudo);
        Assert.Equal([0.75 * 0.75, 0.25 * 0.25, (1 - 0.8) * (1 - 0.8)], weight);
    }

    [Fact]
    public void Fit_NoiseFreeLinearRct_RecoversEffectExactly()
    {
        // Every x appears once in control and once treated: y = 1 + x0 - 2 x1 + t (0.5 + 3 x0).
        // Pooled OLS then gives m(x) = 1 + x0 - 2 x1 + (0.5 + 3 x0)/2 exactly, e = 1/2 is known, and
        // (y - m)/(t - e) = 0.5 + 3 x0 on every row, so the weighted OLS final stage is exact.
        var rng = new Random(5);
        const int Pairs = 50;
        var x = new double[Pairs * 2 * 2];
        var t = new int[Pairs * 2];
        var y = new double[Pairs * 2];
        for (int i = 0; i < Pairs; i++)
        {
            double x0 = rng.NextDouble(), x1 = rng.NextDouble();
            for (int arm = 0; arm < 2; arm++)
            {
                int r = (2 * i) + arm;
                x[2 * r] = x0;
                x[(2 * r) + 1] = x1;
                t[r] = arm;
                y[r] = 1 + x0 - (2 * x1) + (arm * (0.5 + (3 * x0)));
            }
        }

        var data = new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, Pairs * 2, 2), t, y);
        var ols = new RidgeRegression(new RidgeRegressionOptions { Alpha = 0 });
        RLearnerModel model = new RLearner(new RLearnerOptions
        {
            OutcomeLearner = ols,
            EffectLearner = ols,
            Propensity = PropensityMode.Constant,
            KnownPropensity = 0.5,
            CrossFitting = false,
        }).Fit(data);
        var effects = new double[data.Count];
        model.PredictEffects(data.Features, effects);
        for (int r = 0; r < data.Count; r++)
        {
            Assert.Equal(0.5 + (3 * data.Features[r, 0]), effects[r], 1e-9);
        }

        var coefficients = ((RidgeRegressionModel)model.EffectModels[0]).Coefficients;
        Assert.Equal(3, coefficients[0], 1e-9);
        Assert.Equal(0, coefficients[1], 1e-9);
    }

    [Fact]
    public void Fit_ThreeArmsContinuous_RecoversEachArm()
    {
        UpliftData train = Synthetic.Make(6000, 3, 41, binary: false);
        UpliftData test = Synthetic.Make(1000, 3, 42, binary: false);
        RLearnerModel model = new RLearner(new RLearnerOptions { EffectLearner = new RidgeRegression() }).Fit(train);
        Assert.Equal(3, model.ArmCount);
        var effects = new double[test.Count * 3];
        model.PredictEffects(test.Features, effects);
        for (int a = 1; a <= 3; a++)
        {
            double rmse = 0;
            for (int r = 0; r < test.Count; r++)
            {
                double err = effects[(r * 3) + a - 1] - (2.0 * a * test.Features[r, 0]);
                rmse += err * err;
            }

            rmse = Math.Sqrt(rmse / test.Count);
            Assert.True(rmse < 0.15 * a, $"arm {a}: RMSE {rmse}");
        }

        RLearnerModel loaded = ModelPersistence.FromJson<RLearnerModel>(ModelPersistence.ToJson(model));
        var again = new double[effects.Length];
        loaded.PredictEffects(test.Features, again);
        Assert.Equal(effects, again);
    }

    [Fact]
    public void Fit_ClassifierEffectLearner_Throws()
    {
        UpliftData data = Synthetic.Make(300, 1, 43);
        var classifier = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic });
        var ex = Assert.Throws<ArgumentException>(() => new RLearner(new RLearnerOptions { EffectLearner = classifier }).Fit(data));
        Assert.Contains("regressor", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RLearner(new RLearnerOptions { PropensityLearner = new RidgeRegression() }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RLearner(new RLearnerOptions { PropensityClip = 0 }).Fit(data));
    }

    [Fact]
    public void WeightedFit_UnitWeights_SameAsUnweighted()
    {
        UpliftData data = Synthetic.Make(2000, 1, 44, binary: true);
        var ones = Enumerable.Repeat(1.0, data.Count).ToArray();
        var booster = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic, TreeCount = 20 });
        Assert.Equal(ModelPersistence.ToJson(booster.Fit(data.Features, data.Outcome)), ModelPersistence.ToJson(booster.Fit(data.Features, data.Outcome, ones)));
        var ridge = new RidgeRegression();
        Assert.Equal(ModelPersistence.ToJson(ridge.Fit(data.Features, data.Outcome)), ModelPersistence.ToJson(ridge.Fit(data.Features, data.Outcome, ones)));
    }

    [Fact]
    public void WeightedRidge_IntegerWeights_SameAsRepeatedRows()
    {
        UpliftData data = Synthetic.Make(300, 1, 45, binary: false);
        var weights = new double[data.Count];
        var repeated = new List<int>();
        for (int r = 0; r < data.Count; r++)
        {
            weights[r] = r % 3;
            for (int k = 0; k < r % 3; k++)
            {
                repeated.Add(r);
            }
        }

        var ols = new RidgeRegression(new RidgeRegressionOptions { Alpha = 0 });
        RidgeRegressionModel weighted = ols.Fit(data.Features, data.Outcome, weights);
        RidgeRegressionModel copies = ols.Fit(data.Features.SelectRows([.. repeated]), repeated.Select(r => data.Outcome[r]).ToArray());
        Assert.Equal(copies.Intercept, weighted.Intercept, 1e-9);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(copies.Coefficients[j], weighted.Coefficients[j], 1e-9);
        }
    }

    [Fact]
    public void WeightedFit_BadWeights_Throw()
    {
        UpliftData data = Synthetic.Make(50, 1, 46, binary: false);
        var booster = new GradientBoosting();
        Assert.Throws<ArgumentException>(() => booster.Fit(data.Features, data.Outcome, new double[49]));
        var negative = Enumerable.Repeat(1.0, 50).ToArray();
        negative[7] = -1;
        var ex = Assert.Throws<ArgumentException>(() => booster.Fit(data.Features, data.Outcome, negative));
        Assert.Contains("weights[7]", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RidgeRegression().Fit(data.Features, data.Outcome, new double[50]));
        var nan = Enumerable.Repeat(1.0, 50).ToArray();
        nan[3] = double.NaN;
        Assert.Throws<ArgumentException>(() => new RidgeRegression().Fit(data.Features, data.Outcome, nan));
    }
}
