using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class LearnerTests
{
    private static (FeatureMatrix<double> X, double[] Y) Linear(int n, int seed, double noise)
    {
        var rng = new Random(seed);
        var x = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[(i * 3) + j] = (rng.NextDouble() * 10) - 5;
            }

            y[i] = 2 + (3 * x[i * 3]) - x[(i * 3) + 1] + (0.5 * x[(i * 3) + 2]) + (noise * Synthetic.Normal(rng));
        }

        return (FeatureMatrix<double>.FromOwnedArray(x, n, 3), y);
    }

    [Fact]
    public void RidgeRegression_ZeroAlphaExactLinearData_RecoversCoefficients()
    {
        (FeatureMatrix<double> x, double[] y) = Linear(200, 1, 0);
        RidgeRegressionModel model = new RidgeRegression(new RidgeRegressionOptions { Alpha = 0 }).Fit(x, y);
        Assert.Equal(2, model.Intercept, 8);
        Assert.Equal([3, -1, 0.5], model.Coefficients.ToArray().Select(c => Math.Round(c, 8)));
    }

    [Fact]
    public void RidgeRegression_LargeAlpha_ShrinksCoefficients()
    {
        (FeatureMatrix<double> x, double[] y) = Linear(200, 2, 0.1);
        RidgeRegressionModel small = new RidgeRegression(new RidgeRegressionOptions { Alpha = 0 }).Fit(x, y);
        RidgeRegressionModel large = new RidgeRegression(new RidgeRegressionOptions { Alpha = 1e4 }).Fit(x, y);
        Assert.True(Math.Abs(large.Coefficients[0]) < Math.Abs(small.Coefficients[0]));
    }

    [Fact]
    public void LogisticRegression_LargeSample_RecoversCoefficients()
    {
        var rng = new Random(3);
        int n = 20000;
        var x = new double[n * 2];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i * 2] = Synthetic.Normal(rng);
            x[(i * 2) + 1] = Synthetic.Normal(rng);
            double p = 1 / (1 + Math.Exp(-(-0.5 + (1.5 * x[i * 2]) - x[(i * 2) + 1])));
            y[i] = rng.NextDouble() < p ? 1 : 0;
        }

        LogisticRegressionModel model = new LogisticRegression(new LogisticRegressionOptions { Alpha = 0 }).Fit(FeatureMatrix<double>.FromOwnedArray(x, n, 2), y);
        Assert.True(model.Converged);
        Assert.InRange(model.Intercept, -0.6, -0.4);
        Assert.InRange(model.Coefficients[0], 1.35, 1.65);
        Assert.InRange(model.Coefficients[1], -1.1, -0.9);
    }

    [Fact]
    public void LogisticRegression_SeparableData_StaysFiniteWithPenalty()
    {
        var x = FeatureMatrix<double>.FromRows([[-2.0], [-1.0], [1.0], [2.0]]);
        LogisticRegressionModel model = new LogisticRegression().Fit(x, [0, 0, 1, 1]);
        var p = new double[4];
        model.Predict(x, p);
        Assert.All(p, v => Assert.True(double.IsFinite(v)));
        Assert.True(p[3] > 0.5 && p[0] < 0.5);
    }

    [Fact]
    public void GradientBoosting_NonlinearFunction_BeatsRidge()
    {
        var rng = new Random(4);
        int n = 3000;
        var x = new double[n * 2];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i * 2] = (rng.NextDouble() * 6) - 3;
            x[(i * 2) + 1] = (rng.NextDouble() * 6) - 3;
            y[i] = Math.Sin(x[i * 2]) + (x[(i * 2) + 1] > 0 ? 1 : 0) + (0.1 * Synthetic.Normal(rng));
        }

        var features = FeatureMatrix<double>.FromOwnedArray(x, n, 2);
        double Mse(IBaseModel m)
        {
            var p = new double[n];
            m.Predict(features, p);
            return p.Select((v, i) => (v - y[i]) * (v - y[i])).Average();
        }

        double gbt = Mse(new GradientBoosting(new GradientBoostingOptions { MinSamplesLeaf = 20 }).Fit(features, y));
        double ridge = Mse(new RidgeRegression().Fit(features, y));
        Assert.True(gbt < ridge / 3, $"gbt {gbt} ridge {ridge}");
    }

    [Fact]
    public void GradientBoosting_Logistic_PredictsProbabilities()
    {
        UpliftData data = Synthetic.Make(2000, 1, 5);
        IBaseModel model = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic }).Fit(data.Features, data.Outcome);
        var p = new double[data.Count];
        model.Predict(data.Features, p);
        Assert.All(p, v => Assert.InRange(v, 0, 1));
        Assert.InRange(p.Average(), data.Outcome.ToArray().Average() - 0.02, data.Outcome.ToArray().Average() + 0.02);
    }

    [Fact]
    public void GradientBoosting_ThreadCountAndRefit_IdenticalModels()
    {
        UpliftData data = Synthetic.Make(3000, 1, 6, binary: false);
        var options = new GradientBoostingOptions { Subsample = 0.7, Seed = 9, TreeCount = 30, MinSamplesLeaf = 10 };
        GradientBoostingModel a = new GradientBoosting(options).Fit(data.Features, data.Outcome);
        GradientBoostingModel b = new GradientBoosting(options with { MaxDegreeOfParallelism = 1 }).Fit(data.Features, data.Outcome);
        GradientBoostingModel c = new GradientBoosting(options).Fit(data.Features, data.Outcome);
        var pa = new double[data.Count];
        var pb = new double[data.Count];
        var pc = new double[data.Count];
        a.Predict(data.Features, pa);
        b.Predict(data.Features, pb);
        c.Predict(data.Features, pc);
        Assert.Equal(pa, pb);
        Assert.Equal(pa, pc);
    }

    [Fact]
    public void GradientBoosting_DifferentSeedWithSubsample_DifferentModels()
    {
        UpliftData data = Synthetic.Make(3000, 1, 6, binary: false);
        var options = new GradientBoostingOptions { Subsample = 0.5, TreeCount = 10, MinSamplesLeaf = 10 };
        var pa = new double[data.Count];
        var pb = new double[data.Count];
        new GradientBoosting(options with { Seed = 1 }).Fit(data.Features, data.Outcome).Predict(data.Features, pa);
        new GradientBoosting(options with { Seed = 2 }).Fit(data.Features, data.Outcome).Predict(data.Features, pb);
        Assert.NotEqual(pa, pb);
    }

    [Fact]
    public void BaseModels_SaveAndLoad_IdenticalPredictions()
    {
        UpliftData data = Synthetic.Make(1500, 1, 7);
        var x = data.Features;
        AssertRoundTrip(new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic, TreeCount = 20 }).Fit(x, data.Outcome), x);
        AssertRoundTrip(new RidgeRegression().Fit(x, data.Outcome), x);
        AssertRoundTrip(new LogisticRegression().Fit(x, data.Outcome), x);
    }

    private static void AssertRoundTrip<T>(T model, FeatureMatrix<double> x)
        where T : IBaseModel, IPersistableModel<T>
    {
        T loaded = ModelPersistence.FromJson<T>(ModelPersistence.ToJson(model));
        var a = new double[x.RowCount];
        var b = new double[x.RowCount];
        model.Predict(x, a);
        loaded.Predict(x, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void GradientBoostingModel_CorruptNode_ThrowsInvalidData()
    {
        UpliftData data = Synthetic.Make(500, 1, 8, binary: false);
        string json = ModelPersistence.ToJson(new GradientBoosting(new GradientBoostingOptions { TreeCount = 2, MinSamplesLeaf = 10 }).Fit(data.Features, data.Outcome));
        string corrupt = System.Text.RegularExpressions.Regex.Replace(json, "\"left\": \\[\\s*\\d+", "\"left\": [ 0");
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<GradientBoostingModel>(corrupt));
    }

    [Fact]
    public void Classifiers_NonBinaryTarget_Throw()
    {
        var x = FeatureMatrix<double>.FromRows([[1.0], [2.0]]);
        var ex = Assert.Throws<ArgumentException>(() => new LogisticRegression().Fit(x, [0, 0.5]));
        Assert.Contains("target[1]", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic }).Fit(x, [2, 0]));
    }

    [Fact]
    public void Learners_LengthMismatchOrNaN_Throw()
    {
        var x = FeatureMatrix<double>.FromRows([[1.0], [2.0]]);
        Assert.Throws<ArgumentException>(() => new RidgeRegression().Fit(x, [1]));
        Assert.Throws<ArgumentException>(() => new RidgeRegression().Fit(x, [1, double.NaN]));
        Assert.Throws<ArgumentException>(() => new GradientBoosting().Fit(FeatureMatrix<double>.FromRows([[1.0], [double.NaN]]), [1, 2]));
    }

    [Fact]
    public void Models_WrongColumnsOrShortDestination_Throw()
    {
        var x = FeatureMatrix<double>.FromRows([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]]);
        IBaseModel model = new RidgeRegression().Fit(x, [1, 2, 3]);
        Assert.Throws<ArgumentException>(() => model.Predict(FeatureMatrix<double>.FromRows([[1.0]]), new double[1]));
        Assert.Throws<ArgumentException>(() => model.Predict(x, new double[2]));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void RidgeRegression_BadAlpha_Throws(double alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RidgeRegression(new RidgeRegressionOptions { Alpha = alpha }).Fit(FeatureMatrix<double>.FromRows([[1.0]]), [1]));

    [Fact]
    public void LogisticRegression_BadOptions_Throw()
    {
        var x = FeatureMatrix<double>.FromRows([[1.0], [2.0]]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogisticRegression(new LogisticRegressionOptions { Alpha = -1 }).Fit(x, [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogisticRegression(new LogisticRegressionOptions { MaxIterations = 0 }).Fit(x, [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogisticRegression(new LogisticRegressionOptions { Tolerance = 0 }).Fit(x, [0, 1]));
    }

    public static TheoryData<GradientBoostingOptions> BadBoostingOptions() =>
    [
        new GradientBoostingOptions { TreeCount = 0 },
        new GradientBoostingOptions { LearningRate = 0 },
        new GradientBoostingOptions { LearningRate = 1.5 },
        new GradientBoostingOptions { MaxDepth = 0 },
        new GradientBoostingOptions { MaxDepth = 17 },
        new GradientBoostingOptions { MinSamplesLeaf = 0 },
        new GradientBoostingOptions { L2Regularization = -1 },
        new GradientBoostingOptions { MaxBins = 1 },
        new GradientBoostingOptions { MaxBins = 257 },
        new GradientBoostingOptions { Subsample = 0 },
        new GradientBoostingOptions { Subsample = double.NaN },
        new GradientBoostingOptions { MaxDegreeOfParallelism = -1 },
        new GradientBoostingOptions { Objective = (GradientBoostingObjective)5 },
    ];

    [Theory]
    [MemberData(nameof(BadBoostingOptions))]
    public void GradientBoosting_BadOptions_Throw(GradientBoostingOptions options) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoosting(options).Fit(FeatureMatrix<double>.FromRows([[1.0], [2.0]]), [0, 1]));
}
