using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class CausalForestTests
{
    /// <summary>
    /// x ~ U(0, 1)^4; e(x) = 0.25 + 0.5 x1 (observational) or 0.5; W ~ Bernoulli(e(x));
    /// Y = x1 + 0.5 x2 + τ(x) W + N(0, σ²) with τ(x) = <paramref name="slope"/> · x0 + 1.
    /// </summary>
    private static (UpliftData Data, double[] Tau) Make(int n, int seed, bool observational, double slope, double noise = 1)
    {
        var rng = new Random(seed);
        var x = new double[n * 4];
        var t = new int[n];
        var y = new double[n];
        var tau = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                x[(i * 4) + j] = rng.NextDouble();
            }

            double e = observational ? 0.25 + (0.5 * x[(i * 4) + 1]) : 0.5;
            t[i] = rng.NextDouble() < e ? 1 : 0;
            tau[i] = 1 + (slope * x[i * 4]);
            y[i] = x[(i * 4) + 1] + (0.5 * x[(i * 4) + 2]) + (tau[i] * t[i]) + (noise * Synthetic.Normal(rng));
        }

        return (new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 4), t, y), tau);
    }

    private static CausalForestOptions Fast(int trees = 200) => new()
    {
        TreeCount = trees,
        OutcomeLearner = new RidgeRegression(),
        Seed = 7,
    };

    [Fact]
    public void Fit_ObservationalHeterogeneousEffect_RecoversEffectAndAverage()
    {
        (UpliftData train, _) = Make(3000, 1, observational: true, slope: 2);
        (UpliftData test, double[] tau) = Make(1000, 2, observational: true, slope: 2);
        CausalForestModel model = new CausalForest(Fast(300) with
        {
            OutcomeLearner = new RandomForest(new RandomForestOptions { TreeCount = 40, MinSamplesLeaf = 10 }),
        }).Fit(train);
        var effects = new double[test.Count];
        model.PredictEffects(test.Features, effects);
        double mse = 0, constant = 0, meanTau = tau.Average();
        for (int i = 0; i < tau.Length; i++)
        {
            mse += (effects[i] - tau[i]) * (effects[i] - tau[i]);
            constant += (meanTau - tau[i]) * (meanTau - tau[i]);
        }

        Assert.True(mse < 0.35 * constant, $"forest MSE {mse / tau.Length}, constant {constant / tau.Length}");
        Assert.True(Synthetic.Correlation(effects, tau) > 0.85, $"correlation {Synthetic.Correlation(effects, tau)}");

        // The true average effect is 1 + 2 · E[x0] = 2.
        Assert.InRange(model.AverageEffectStandardError, 0.02, 0.1);
        Assert.InRange(model.AverageEffect, 2 - (3 * model.AverageEffectStandardError), 2 + (3 * model.AverageEffectStandardError));
    }

    [Fact]
    public void PredictIntervals_100Replications_CoverTheTrueEffectAtLeast90Times()
    {
        // 100 independent small fits (n = 500, 100 trees); the 95% interval at x = (0.5, ...) must hold τ = 1.5.
        FeatureMatrix<double> point = FeatureMatrix<double>.FromOwnedArray([0.5, 0.5, 0.5, 0.5], 1, 4);
        int covered = 0;
        var lower = new double[1];
        var upper = new double[1];
        for (int rep = 0; rep < 100; rep++)
        {
            (UpliftData train, _) = Make(500, rep, observational: false, slope: 1);
            CausalForestModel model = new CausalForest(Fast(100) with { Seed = rep, Propensity = PropensityMode.Constant, KnownPropensity = 0.5 }).Fit(train);
            model.PredictIntervals(point, 0.95, lower, upper);
            covered += lower[0] <= 1.5 && 1.5 <= upper[0] ? 1 : 0;
        }

        Assert.True(covered >= 90, $"{covered} of 100 replications covered");
    }

    [Fact]
    public void PredictIntervals_ConstantEffect_CoverAtLeast90Of100Rows()
    {
        (UpliftData train, _) = Make(2000, 3, observational: false, slope: 0);
        (UpliftData test, double[] tau) = Make(100, 4, observational: false, slope: 0);
        CausalForestModel model = new CausalForest(Fast(400) with { Propensity = PropensityMode.Constant, KnownPropensity = 0.5 }).Fit(train);
        var lower = new double[100];
        var upper = new double[100];
        model.PredictIntervals(test.Features, 0.95, lower, upper);
        var effects = new double[100];
        var variances = new double[100];
        model.PredictEffectsWithVariance(test.Features, effects, variances);
        int covered = 0;
        for (int i = 0; i < 100; i++)
        {
            covered += lower[i] <= tau[i] && tau[i] <= upper[i] ? 1 : 0;
            Assert.True(variances[i] > 0);
            Assert.Equal(effects[i] + (1.959963984540054 * Math.Sqrt(variances[i])), upper[i], 9);
        }

        Assert.True(covered >= 90, $"{covered} of 100 rows covered");
    }

    [Fact]
    public void AverageEffect_Replications_IntervalCoversTheTruth()
    {
        int covered = 0;
        for (int rep = 0; rep < 20; rep++)
        {
            (UpliftData train, _) = Make(600, 100 + rep, observational: true, slope: 1);
            CausalForestModel model = new CausalForest(Fast(50) with { Seed = rep, PropensityLearner = new LogisticRegression() }).Fit(train);
            covered += Math.Abs(model.AverageEffect - 1.5) <= 1.96 * model.AverageEffectStandardError ? 1 : 0;
        }

        Assert.True(covered >= 17, $"{covered} of 20 replications covered the average effect 1.5");
    }

    [Fact]
    public void Fit_AnyThreadCountAndRefit_IdenticalModelOtherSeedDiffers()
    {
        (UpliftData data, _) = Make(1200, 5, observational: true, slope: 1);
        string Fit(int threads, int seed) => Regex.Replace(
            ModelPersistence.ToJson(new CausalForest(Fast(40) with
            {
                MaxDegreeOfParallelism = threads,
                Seed = seed,
                OutcomeLearner = new RandomForest(new RandomForestOptions { TreeCount = 10, MaxDegreeOfParallelism = threads }),
            }).Fit(data)),
            "\"maxDegreeOfParallelism\": *[0-9]+",
            string.Empty);
        string one = Fit(1, 5);
        Assert.Equal(one, Fit(2, 5));
        Assert.Equal(one, Fit(0, 5));
        Assert.Equal(one, Fit(1, 5));
        Assert.NotEqual(one, Fit(1, 6));
    }

    [Fact]
    public void SaveLoad_RoundTrip_PredictsIdentically()
    {
        (UpliftData data, _) = Make(800, 6, observational: false, slope: 1);
        CausalForestModel model = new CausalForest(Fast(20) with { KnownPropensity = 0.5, Propensity = PropensityMode.Constant }).Fit(data);
        CausalForestModel loaded = ModelPersistence.FromJson<CausalForestModel>(ModelPersistence.ToJson(model));
        var e1 = new double[data.Count];
        var v1 = new double[data.Count];
        var e2 = new double[data.Count];
        var v2 = new double[data.Count];
        model.PredictEffectsWithVariance(data.Features, e1, v1);
        loaded.PredictEffectsWithVariance(data.Features, e2, v2);
        Assert.Equal(e1, e2);
        Assert.Equal(v1, v2);
        Assert.Equal(model.AverageEffect, loaded.AverageEffect);
        Assert.Equal(model.AverageEffectStandardError, loaded.AverageEffectStandardError);
        Assert.Equal(model.Options with { OutcomeLearner = null }, loaded.Options);
        Assert.Equal(1, loaded.ArmCount);
        Assert.Equal(20, loaded.TreeCount);
    }

    [Theory]
    [InlineData("stats", "-1")]
    [InlineData("treeCount", "22")]
    [InlineData("averageEffectStandardError", "-0.5")]
    [InlineData("right", "0")]
    public void Load_CorruptPayload_ThrowsInvalidData(string field, string bad)
    {
        (UpliftData data, _) = Make(400, 7, observational: false, slope: 1);
        CausalForestModel model = new CausalForest(Fast(10) with { Propensity = PropensityMode.Constant }).Fit(data);
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(model))!;
        JsonNode payload = root["payload"]!;
        if (payload[field] is JsonArray array)
        {
            array[0] = JsonNode.Parse(bad);
        }
        else
        {
            payload[field] = JsonNode.Parse(bad);
        }

        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<CausalForestModel>(root.ToJsonString()));
    }

    [Fact]
    public void Debias_FollowsTheTruncatedNormalMean()
    {
        // Far above the noise the correction vanishes; at V_between = noise it is s·φ(0)/Φ(0) = s·0.7979; it never goes negative.
        Assert.Equal(1.0, Personalization.Uplift.CausalForestModel.Debias(2.0, 1.0, 1_000_000), 6);
        double s = 1.0 * Math.Sqrt(2.0 / 50);
        Assert.Equal(s * 0.3989422804014327 / 0.5, Personalization.Uplift.CausalForestModel.Debias(1.0, 1.0, 50), 12);
        Assert.True(Personalization.Uplift.CausalForestModel.Debias(0.1, 5.0, 10) > 0);
        Assert.True(Personalization.Uplift.CausalForestModel.Debias(1e-9, 5.0, 100_000) > 0);
    }

    [Fact]
    public void Fit_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new CausalForest().Fit(null!));
        var multi = Assert.Throws<ArgumentException>(() => new CausalForest(Fast(10)).Fit(Synthetic.Make(600, 2, 8, binary: false)));
        Assert.Contains("2 treatment arms", multi.Message, StringComparison.Ordinal);
        (UpliftData data, _) = Make(300, 9, observational: false, slope: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(11)).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(2)).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(10) with { SampleFraction = 0.6 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(10) with { HonestyFraction = 1 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(10) with { ConfidenceGroupSize = 1 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(10) with { ImbalanceAlpha = 0.3 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(10) with { MinNodeSize = 0 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CausalForest(Fast(10) with { PropensityClip = 0.5 }).Fit(data));
        Assert.Throws<ArgumentException>(() => new CausalForest(Fast(10) with { PropensityLearner = new RidgeRegression() }).Fit(data));
        Assert.Throws<ArgumentException>(() => new CausalForest(Fast(10) with { OutcomeLearner = new LogisticRegression() }).Fit(data));
        CausalForestModel model = new CausalForest(Fast(10) with { Propensity = PropensityMode.Constant }).Fit(data);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.PredictIntervals(data.Features, 1.0, new double[data.Count], new double[data.Count]));
        Assert.Throws<ArgumentException>(() => model.PredictEffects(data.Features, new double[data.Count - 1]));
        var variancesTooShort = Assert.Throws<ArgumentException>(() => model.PredictEffectsWithVariance(data.Features, new double[data.Count], new double[1]));
        Assert.Equal("variances", variancesTooShort.ParamName);
        var upperTooShort = Assert.Throws<ArgumentException>(() => model.PredictIntervals(data.Features, 0.9, new double[data.Count], new double[2]));
        Assert.Equal("upper", upperTooShort.ParamName);
    }

    [Fact]
    public void Fit_AsUpliftEstimator_UsableWhereOtherLearnersAre()
    {
        (UpliftData data, double[] tau) = Make(1500, 10, observational: false, slope: 2);
        IUpliftEstimator[] estimators =
        [
            new CausalForest(Fast(100) with { Propensity = PropensityMode.Constant }),
            new RLearner(new RLearnerOptions { OutcomeLearner = new RidgeRegression(), EffectLearner = new RidgeRegression(), Propensity = PropensityMode.Constant }),
        ];
        foreach (IUpliftEstimator estimator in estimators)
        {
            IUpliftModel model = estimator.Fit(data);
            var effects = new double[data.Count];
            model.PredictEffects(data.Features, effects);
            Assert.True(Synthetic.Correlation(effects, tau) > 0.7, $"{model.ModelType}: {Synthetic.Correlation(effects, tau)}");
        }
    }

    [Fact]
    public void Honest_NoEffect_SmallerSpuriousEffectsOnTheTrainingRows()
    {
        (UpliftData data, _) = Make(2000, 11, observational: false, slope: 0, noise: 1);
        double Spread(bool honest)
        {
            CausalForestModel model = new CausalForest(Fast(100) with { Honest = honest, Propensity = PropensityMode.Constant, KnownPropensity = 0.5 }).Fit(data);
            var effects = new double[data.Count];
            model.PredictEffects(data.Features, effects);
            double mean = effects.Average();
            return Math.Sqrt(effects.Select(e => (e - mean) * (e - mean)).Average());
        }

        // τ = 1 everywhere: the spread of the training-row effects is pure estimation noise.
        double adaptive = Spread(false), honestSpread = Spread(true);
        Assert.True(honestSpread < 0.5 * adaptive, $"honest spread {honestSpread}, adaptive {adaptive}");
    }
}
