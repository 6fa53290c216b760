using System.Text.Json.Nodes;
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

    /// <summary>Rewrites a saved model as format version 1: no "options" object.</summary>
    private static string AsVersion1(string json)
    {
        JsonNode root = JsonNode.Parse(json)!;
        Assert.NotNull(root["payload"]!["options"]);
        root["payload"]!.AsObject().Remove("options");
        root["formatVersion"] = 1;
        return root.ToJsonString();
    }

    private static RidgeRegression Ridge() => new(new RidgeRegressionOptions { Alpha = 2.5 });

    [Fact]
    public void XLearnerModel_Options_SavedAndRecoveredFromVersion1()
    {
        var options = new XLearnerOptions
        {
            OutcomeLearner = Ridge(),
            EffectLearner = Ridge(),
            Propensity = PropensityMode.Estimated,
            PropensityClip = 0.05,
            CrossFitting = true,
            FoldCount = 3,
            Seed = 17,
        };
        XLearnerModel model = new XLearner(options).Fit(Data());
        Assert.Same(options, model.Options);

        string json = ModelPersistence.ToJson(model);
        XLearnerModel loaded = ModelPersistence.FromJson<XLearnerModel>(json);
        Assert.Null(loaded.Options.OutcomeLearner); // first-stage models are not saved
        Assert.Equal(2.5, Assert.IsType<RidgeRegression>(loaded.Options.EffectLearner).Options.Alpha);
        Assert.IsType<LogisticRegression>(loaded.Options.PropensityLearner);
        Assert.Equal((PropensityMode.Estimated, 0.05, true, 3, 17), (loaded.Options.Propensity, loaded.Options.PropensityClip, loaded.Options.CrossFitting, loaded.Options.FoldCount, loaded.Options.Seed));

        XLearnerModel old = ModelPersistence.FromJson<XLearnerModel>(AsVersion1(json));
        var defaults = new XLearnerOptions();
        Assert.Equal((PropensityMode.Estimated, 0.05), (old.Options.Propensity, old.Options.PropensityClip)); // inferred from the saved propensity models and clip
        Assert.Equal((defaults.CrossFitting, defaults.FoldCount, defaults.Seed), (old.Options.CrossFitting, old.Options.FoldCount, old.Options.Seed));
    }

    [Fact]
    public void DRLearnerModel_Options_SavedAndRecoveredFromVersion1()
    {
        var options = new DRLearnerOptions { EffectLearner = Ridge(), OutcomeLearner = Ridge(), KnownPropensity = 0.4, FoldCount = 3, Seed = 5, CrossFitting = false };
        DRLearnerModel model = new DRLearner(options).Fit(Data());
        Assert.Same(options, model.Options);

        string json = ModelPersistence.ToJson(model);
        DRLearnerModel loaded = ModelPersistence.FromJson<DRLearnerModel>(json);
        Assert.Equal(2.5, Assert.IsType<RidgeRegression>(loaded.Options.EffectLearner).Options.Alpha);
        Assert.Equal((PropensityMode.Constant, (double?)0.4, false, 3, 5), (loaded.Options.Propensity, loaded.Options.KnownPropensity, loaded.Options.CrossFitting, loaded.Options.FoldCount, loaded.Options.Seed));

        DRLearnerModel old = ModelPersistence.FromJson<DRLearnerModel>(AsVersion1(json));
        Assert.Equal(new DRLearnerOptions { EffectLearner = old.Options.EffectLearner }, old.Options);
        Assert.IsType<RidgeRegression>(old.Options.EffectLearner);
    }

    [Fact]
    public void RLearnerModel_Options_SavedAndRecoveredFromVersion1()
    {
        var options = new RLearnerOptions { EffectLearner = Ridge(), OutcomeLearner = Ridge(), Propensity = PropensityMode.Constant, PropensityClip = 0.02, FoldCount = 4, Seed = 9 };
        RLearnerModel model = new RLearner(options).Fit(Data());
        Assert.Same(options, model.Options);

        string json = ModelPersistence.ToJson(model);
        RLearnerModel loaded = ModelPersistence.FromJson<RLearnerModel>(json);
        Assert.Equal(2.5, Assert.IsType<RidgeRegression>(loaded.Options.EffectLearner).Options.Alpha);
        Assert.Equal((PropensityMode.Constant, 0.02, true, 4, 9), (loaded.Options.Propensity, loaded.Options.PropensityClip, loaded.Options.CrossFitting, loaded.Options.FoldCount, loaded.Options.Seed));

        RLearnerModel old = ModelPersistence.FromJson<RLearnerModel>(AsVersion1(json));
        Assert.Equal(new RLearnerOptions { EffectLearner = old.Options.EffectLearner }, old.Options);
        Assert.IsType<RidgeRegression>(old.Options.EffectLearner);
    }

    [Fact]
    public void ClassTransformationModel_Options_SavedAndRecoveredFromVersion1()
    {
        var options = new ClassTransformationOptions { Learner = Ridge(), KnownPropensity = 0.5 };
        ClassTransformationModel model = new ClassTransformation(options).Fit(Data());
        Assert.Same(options, model.Options);

        string json = ModelPersistence.ToJson(model);
        ClassTransformationModel loaded = ModelPersistence.FromJson<ClassTransformationModel>(json);
        Assert.Equal(ClassTransformationVariant.TransformedOutcome, loaded.Options.Variant); // Auto resolved: the outcome is continuous
        Assert.Equal(2.5, Assert.IsType<RidgeRegression>(loaded.Options.Learner).Options.Alpha);
        Assert.Equal((double?)0.5, loaded.Options.KnownPropensity);

        ClassTransformationModel old = ModelPersistence.FromJson<ClassTransformationModel>(AsVersion1(json));
        Assert.Null(old.Options.KnownPropensity);
        Assert.Equal(ClassTransformationVariant.TransformedOutcome, old.Options.Variant);
    }

    [Fact]
    public void LassoBaseModel_RebuildsItsLearnerOnLoad()
    {
        var lasso = new LassoRegression(new LassoRegressionOptions { Alpha = 0.01 });
        TLearnerModel model = new TLearner(new TLearnerOptions { Learner = lasso }).Fit(Data());
        TLearnerModel loaded = ModelPersistence.FromJson<TLearnerModel>(ModelPersistence.ToJson(model));
        Assert.Equal(lasso.Options, Assert.IsType<LassoRegression>(loaded.Options.Learner).Options);
    }

    [Fact]
    public void MetaOptions_OutOfRange_RejectedOnLoad()
    {
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(new DRLearner(new DRLearnerOptions { EffectLearner = Ridge(), OutcomeLearner = Ridge() }).Fit(Data())))!;
        root["payload"]!["options"]!["foldCount"] = 1;
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<DRLearnerModel>(root.ToJsonString()));
        Assert.Contains("FoldCount", e.Message, StringComparison.Ordinal);
    }
}
