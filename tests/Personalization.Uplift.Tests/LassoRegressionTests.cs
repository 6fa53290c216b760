using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class LassoRegressionTests
{
    /// <summary>x<sub>ij</sub> = sin(1.3i + 0.7j + j²), y = 1 + 2x₀ − 0.5x₂ + 0.3cos(i), weights 1 + i mod 3 (40 rows).</summary>
    private static (FeatureMatrix<double> X, double[] Y, double[] W) Reference()
    {
        const int n = 40;
        var x = new double[n * 3];
        var y = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[(i * 3) + j] = Math.Sin((1.3 * i) + (0.7 * j) + (j * j));
            }

            y[i] = 1 + (2 * x[i * 3]) - (0.5 * x[(i * 3) + 2]) + (0.3 * Math.Cos(i));
            w[i] = 1 + (i % 3);
        }

        return (FeatureMatrix<double>.FromOwnedArray(x, n, 3), y, w);
    }

    private static (FeatureMatrix<double> X, double[] Y) Sparse(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * d];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                x[(i * d) + j] = Synthetic.Normal(rng);
            }

            y[i] = 0.5 + (1.5 * x[i * d]) - x[(i * d) + 1] + Synthetic.Normal(rng);
        }

        return (FeatureMatrix<double>.FromOwnedArray(x, n, d), y);
    }

    private static readonly LassoRegressionOptions s_tight = new() { Tolerance = 1e-13, MaxIterations = 100_000 };

    [Fact]
    public void Fit_FixedAlpha_MatchesScikitLearnLasso()
    {
        // scikit-learn 1.2.1: Lasso(alpha=0.1, tol=1e-14).fit((X - mean)/std, y), mapped back to the raw scale.
        (FeatureMatrix<double> x, double[] y, _) = Reference();
        LassoRegressionModel model = new LassoRegression(s_tight with { Alpha = 0.1 }).Fit(x, y);
        Assert.Equal(1.0173463592591159, model.Intercept, 9);
        Assert.Equal(1.5816290216998548, model.Coefficients[0], 9);
        Assert.Equal(0.22243690512402292, model.Coefficients[1], 9);
        Assert.Equal(0, model.Coefficients[2]);
        Assert.Equal(0.1, model.Alpha);
    }

    [Fact]
    public void Fit_WeightedElasticNet_MatchesScikitLearnElasticNet()
    {
        // scikit-learn 1.2.1: ElasticNet(alpha=0.05, l1_ratio=0.5, tol=1e-14).fit(Z, y, sample_weight=w),
        // Z standardized with the weighted mean and weighted population standard deviation.
        (FeatureMatrix<double> x, double[] y, double[] w) = Reference();
        LassoRegressionModel model = new LassoRegression(s_tight with { Alpha = 0.05, L1Ratio = 0.5 }).Fit(x, y, w);
        Assert.Equal(1.011983780082899, model.Intercept, 9);
        Assert.Equal(1.6421889859420622, model.Coefficients[0], 9);
        Assert.Equal(0.3199965465330364, model.Coefficients[1], 9);
        Assert.Equal(0, model.Coefficients[2]);
    }

    [Fact]
    public void Fit_ZeroAlpha_IsOrdinaryLeastSquares()
    {
        (FeatureMatrix<double> x, double[] y) = Sparse(300, 4, 5);
        LassoRegressionModel lasso = new LassoRegression(s_tight with { Alpha = 0 }).Fit(x, y);
        RidgeRegressionModel ols = new RidgeRegression(new RidgeRegressionOptions { Alpha = 0 }).Fit(x, y);
        Assert.Equal(ols.Intercept, lasso.Intercept, 9);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(ols.Coefficients[j], lasso.Coefficients[j], 9);
        }
    }

    [Fact]
    public void Fit_CrossValidated_DropsIrrelevantFeaturesAndKeepsRelevant()
    {
        (FeatureMatrix<double> x, double[] y) = Sparse(2000, 10, 6);
        LassoRegressionModel model = new LassoRegression().Fit(x, y);
        Assert.InRange(model.Coefficients[0], 1.4, 1.6);
        Assert.InRange(model.Coefficients[1], -1.1, -0.9);
        int zeros = 0;
        for (int j = 2; j < 10; j++)
        {
            Assert.InRange(model.Coefficients[j], -0.05, 0.05);
            zeros += model.Coefficients[j] == 0 ? 1 : 0;
        }

        Assert.True(zeros >= 4, $"only {zeros} of 8 irrelevant coefficients are exactly 0");
        Assert.True(model.Alpha > 0);
        Assert.Null(model.Options.Alpha);
    }

    [Fact]
    public void Fit_PureNoise_CrossValidationPicksLargePenalty()
    {
        var rng = new Random(8);
        (FeatureMatrix<double> x, _) = Sparse(1000, 6, 7);
        var y = new double[1000];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 3 + Synthetic.Normal(rng);
        }

        LassoRegressionModel model = new LassoRegression().Fit(x, y);
        double norm = 0;
        foreach (double c in model.Coefficients)
        {
            norm += Math.Abs(c);
        }

        Assert.True(norm < 0.1, $"‖β‖₁ = {norm}");
        Assert.InRange(model.Intercept, 2.9, 3.1);
    }

    [Fact]
    public void WeightedFit_IntegerWeights_SameAsRepeatedRows()
    {
        (FeatureMatrix<double> x, double[] y) = Sparse(200, 3, 9);
        var weights = new double[200];
        var rows = new List<int>();
        for (int r = 0; r < 200; r++)
        {
            weights[r] = r % 3;
            for (int k = 0; k < r % 3; k++)
            {
                rows.Add(r);
            }
        }

        var learner = new LassoRegression(s_tight with { Alpha = 0.05 });
        LassoRegressionModel weighted = learner.Fit(x, y, weights);
        double[] yy = rows.Select(r => y[r]).ToArray();
        LassoRegressionModel repeated = learner.Fit(x.SelectRows(rows.ToArray()), yy);
        Assert.Equal(repeated.Intercept, weighted.Intercept, 9);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(repeated.Coefficients[j], weighted.Coefficients[j], 9);
        }
    }

    [Fact]
    public void WeightedFit_UnitWeights_SameAsUnweighted()
    {
        (FeatureMatrix<double> x, double[] y) = Sparse(500, 5, 10);
        var learner = new LassoRegression();
        LassoRegressionModel a = learner.Fit(x, y);
        LassoRegressionModel b = learner.Fit(x, y, Enumerable.Repeat(1.0, 500).ToArray());
        Assert.Equal(a.Alpha, b.Alpha);
        Assert.Equal(a.Intercept, b.Intercept, 12);
        Assert.Equal(a.Coefficients.ToArray(), b.Coefficients.ToArray());
    }

    [Fact]
    public void SaveAndLoad_CrossValidatedAndFixed_IdenticalPredictions()
    {
        (FeatureMatrix<double> x, double[] y) = Sparse(400, 4, 11);
        foreach (LassoRegressionOptions options in new[] { new LassoRegressionOptions { Seed = 3 }, new LassoRegressionOptions { Alpha = 0.2, L1Ratio = 0.7 } })
        {
            LassoRegressionModel model = new LassoRegression(options).Fit(x, y);
            LassoRegressionModel loaded = ModelPersistence.FromJson<LassoRegressionModel>(ModelPersistence.ToJson(model));
            Assert.Equal(model.Options, loaded.Options);
            Assert.Equal(model.Alpha, loaded.Alpha);
            var a = new double[400];
            var b = new double[400];
            model.Predict(x, a);
            loaded.Predict(x, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void RLearner_LassoFinalStage_SavesAndLoads()
    {
        UpliftData data = Synthetic.Make(1500, 1, 12, binary: false);
        RLearnerModel model = new RLearner(new RLearnerOptions { OutcomeLearner = new RidgeRegression(), EffectLearner = new LassoRegression() }).Fit(data);
        RLearnerModel loaded = ModelPersistence.FromJson<RLearnerModel>(ModelPersistence.ToJson(model));
        var a = new double[data.Count];
        var b = new double[data.Count];
        model.PredictEffects(data.Features, a);
        loaded.PredictEffects(data.Features, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void SavedModel_BadField_ThrowsInvalidData()
    {
        (FeatureMatrix<double> x, double[] y) = Sparse(100, 2, 13);
        string json = ModelPersistence.ToJson(new LassoRegression(new LassoRegressionOptions { Alpha = 0.1 }).Fit(x, y));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<LassoRegressionModel>(json.Replace("\"l1Ratio\": 1", "\"l1Ratio\": 2", StringComparison.Ordinal)));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<LassoRegressionModel>(json.Replace("\"alpha\": 0.1", "\"alpha\": -1", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(-1.0, 1.0, 5)]
    [InlineData(double.NaN, 1.0, 5)]
    [InlineData(0.1, 0.0, 5)]
    [InlineData(0.1, 1.5, 5)]
    [InlineData(null, 1.0, 1)]
    public void Fit_BadOptions_Throw(double? alpha, double l1Ratio, int folds)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LassoRegression(new LassoRegressionOptions { Alpha = alpha, L1Ratio = l1Ratio, FoldCount = folds }).Fit(FeatureMatrix<double>.FromRows([[1.0], [2.0]]), [1, 2]));
        Assert.False(string.IsNullOrEmpty(ex.ParamName));
    }

    [Fact]
    public void Fit_CrossValidatedFewerRowsThanFolds_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LassoRegression().Fit(FeatureMatrix<double>.FromRows([[1.0], [2.0], [3.0]]), [1, 2, 3]));
        Assert.Contains("5-fold", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new LassoRegression().Fit(FeatureMatrix<double>.FromRows([[1.0], [2.0]]), [1, double.NaN]));
    }
}
