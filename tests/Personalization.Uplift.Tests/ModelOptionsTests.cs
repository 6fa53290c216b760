using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>Models expose the options they were fitted with, the default learner resolved, also after a save and load.</summary>
public sealed class ModelOptionsTests
{
    private static UpliftData Data()
    {
        var rng = new Random(3);
        int n = 400;
        var x = new double[n * 2];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = rng.NextDouble();
            x[(2 * i) + 1] = rng.NextDouble();
            t[i] = i % 2;
            y[i] = x[2 * i] + (t[i] * (1 + x[(2 * i) + 1])) + (0.1 * rng.NextDouble());
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 2), t, y);
    }

    [Fact]
    public void TLearnerModel_Options_GivenLearnerKeptAndRebuiltOnLoad()
    {
        var ridge = new RidgeRegression(new RidgeRegressionOptions { Alpha = 2.5 });
        TLearnerModel model = new TLearner(new TLearnerOptions { Learner = ridge }).Fit(Data());
        Assert.Same(ridge, model.Options.Learner);

        TLearnerModel loaded = ModelPersistence.FromJson<TLearnerModel>(ModelPersistence.ToJson(model));
        RidgeRegression rebuilt = Assert.IsType<RidgeRegression>(loaded.Options.Learner);
        Assert.Equal(2.5, rebuilt.Options.Alpha);
    }

    [Fact]
    public void SLearnerModel_Options_DefaultLearnerResolved()
    {
        SLearnerModel model = new SLearner().Fit(Data());
        GradientBoosting booster = Assert.IsType<GradientBoosting>(model.Options.Learner);
        Assert.False(booster.IsClassifier); // a continuous outcome gets the squared-error booster

        SLearnerModel loaded = ModelPersistence.FromJson<SLearnerModel>(ModelPersistence.ToJson(model));
        Assert.Equal(booster.Options, Assert.IsType<GradientBoosting>(loaded.Options.Learner).Options);
    }
}
