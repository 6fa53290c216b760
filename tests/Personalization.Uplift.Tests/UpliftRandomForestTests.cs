using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Personalization.Persistence;
using Personalization.Uplift.Forests.Internal;

namespace Personalization.Uplift.Tests;

public sealed class UpliftRandomForestTests
{
    // The hand example: a node with control 100 rows (30 positive) and treatment 100 rows (50 positive),
    // split into an upper child (control 40/10, treatment 60/42) and a lower child (control 60/20, treatment 40/8).
    private static readonly double[] s_nodeCount = [100, 100];
    private static readonly double[] s_nodeRate = [0.3, 0.5];
    private static readonly double[] s_upperCount = [40, 60];
    private static readonly double[] s_upperPositive = [10, 42];
    private static readonly double[] s_lowerCount = [60, 40];
    private static readonly double[] s_lowerPositive = [20, 8];

    private static double Gain(UpliftSplitCriterion criterion, bool normalize, double lambda) =>
        UpliftSplitGain.Gain(criterion, normalize, 10, lambda, s_nodeRate, s_nodeCount, s_upperCount, s_upperPositive, s_lowerCount, s_lowerPositive, new double[4]);

    private static double Kl(double p, double q) => (p * Math.Log(p / q)) + ((1 - p) * Math.Log((1 - p) / (1 - q)));

    /// <summary>I(A) of causalml for the hand example: qT = 60/100.1, qC = 40/100.1, N = 200.</summary>
    private static double HandNormalization()
    {
        double qt = 60 / 100.1, qc = 40 / 100.1;
        double crossShare = -0.5 * Math.Log(0.5); // H(N_T/N, N_C/N) = -(100/200) log(100/200)
        return (0.9 * crossShare * Kl(qt, qc))
            + (0.1 * crossShare * Kl(qt, qc)) + (0.5 * -qt * Math.Log(qt))
            + (0.5 * -qc * Math.Log(qc))
            + 0.5;
    }

    [Fact]
    public void Gain_KullbackLeibler_MatchesHandComputedExample()
    {
        // children: upper pc = 0.25, pt = 0.7; lower pc = 1/3, pt = 0.2; both halves hold 100 of the 200 rows.
        double raw = (0.5 * Kl(0.7, 0.25)) + (0.5 * Kl(0.2, 1.0 / 3)) - Kl(0.5, 0.3);
        Assert.Equal(raw, Gain(UpliftSplitCriterion.KullbackLeibler, normalize: false, lambda: 0), 12);
        Assert.Equal(raw / HandNormalization(), Gain(UpliftSplitCriterion.KullbackLeibler, normalize: true, lambda: 0), 12);
        Assert.Equal(0.1575926, raw, 6); // the same number from an independent Python evaluation
    }

    [Fact]
    public void Gain_Euclidean_MatchesHandComputedExample()
    {
        double raw = (0.5 * 2 * 0.45 * 0.45) + (0.5 * 2 * (0.2 - (1.0 / 3)) * (0.2 - (1.0 / 3))) - (2 * 0.2 * 0.2);
        Assert.Equal(raw, Gain(UpliftSplitCriterion.Euclidean, normalize: false, lambda: 0), 12);
        Assert.Equal(raw / HandNormalization(), Gain(UpliftSplitCriterion.Euclidean, normalize: true, lambda: 0), 12);

        // λ = 10 rows of the parent's rates: upper pc = (10 + 3)/50, pt = (42 + 5)/70; lower pc = (20 + 3)/70, pt = (8 + 5)/50.
        double du = (47.0 / 70) - (13.0 / 50), dl = (13.0 / 50) - (23.0 / 70);
        double regularized = (0.5 * 2 * du * du) + (0.5 * 2 * dl * dl) - (2 * 0.2 * 0.2);
        Assert.Equal(regularized, Gain(UpliftSplitCriterion.Euclidean, normalize: false, lambda: 10), 12);
    }

    [Fact]
    public void Gain_ChiSquared_MatchesHandComputedExample()
    {
        static double Chi(double pt, double pc) => ((pt - pc) * (pt - pc) / pc) + ((pt - pc) * (pt - pc) / (1 - pc));
        double raw = (0.5 * Chi(0.7, 0.25)) + (0.5 * Chi(0.2, 1.0 / 3)) - Chi(0.5, 0.3);
        Assert.Equal(raw, Gain(UpliftSplitCriterion.ChiSquared, normalize: false, lambda: 0), 12);
        Assert.Equal(raw / HandNormalization(), Gain(UpliftSplitCriterion.ChiSquared, normalize: true, lambda: 0), 12);
    }

    [Fact]
    public void Gain_DeltaDeltaP_IsAbsoluteDifferenceOfChildUpliftsAndNeverNormalized()
    {
        double expected = Math.Abs((0.7 - 0.25) - (0.2 - (1.0 / 3)));
        Assert.Equal(expected, Gain(UpliftSplitCriterion.DeltaDeltaP, normalize: false, lambda: 0), 12);
        Assert.Equal(expected, Gain(UpliftSplitCriterion.DeltaDeltaP, normalize: true, lambda: 0), 12);
    }

    [Fact]
    public void Gain_TwoTreatments_SumsTheDivergenceOverArms()
    {
        double[] count = [100, 100, 100], rate = [0.3, 0.5, 0.3];
        double[] upperN = [40, 60, 50], upperS = [10, 42, 15], lowerN = [60, 40, 50], lowerS = [20, 8, 15];
        double gain = UpliftSplitGain.Gain(UpliftSplitCriterion.Euclidean, false, 10, 0, rate, count, upperN, upperS, lowerN, lowerS, new double[6]);

        // upper holds 150 of 300 rows; arm 2 has rates 0.3 in both children.
        double du = (2 * 0.45 * 0.45) + (2 * 0.05 * 0.05), dl = (2 * (0.2 - (1.0 / 3)) * (0.2 - (1.0 / 3))) + (2 * (0.3 - (1.0 / 3)) * (0.3 - (1.0 / 3)));
        Assert.Equal((0.5 * du) + (0.5 * dl) - (2 * 0.2 * 0.2), gain, 12);
    }

    [Fact]
    public void Summary_ArmAtOrBelowMinimum_TakesParentRate()
    {
        var p = new double[2];
        UpliftSplitGain.Summary([10, 11], [9, 11], [0.3, 0.5], 10, 0, p);
        Assert.Equal([0.3, 1.0], p);
    }

    private static double EffectError(IUpliftModel model, UpliftData test)
    {
        var effects = new double[test.Count * model.ArmCount];
        model.PredictEffects(test.Features, effects);
        double error = 0;
        for (int r = 0; r < test.Count; r++)
        {
            for (int a = 1; a <= model.ArmCount; a++)
            {
                double e = effects[(r * model.ArmCount) + a - 1] - Synthetic.TrueEffect(test.Features.Row(r)[0], a);
                error += e * e;
            }
        }

        return error / (test.Count * model.ArmCount);
    }

    private static double ConstantError(UpliftData train, UpliftData test)
    {
        double error = 0;
        for (int a = 1; a <= train.ArmCount; a++)
        {
            double yc = 0, ya = 0;
            for (int i = 0; i < train.Count; i++)
            {
                yc += train.Treatment[i] == 0 ? train.Outcome[i] : 0;
                ya += train.Treatment[i] == a ? train.Outcome[i] : 0;
            }

            double constant = (ya / train.ArmSizes[a]) - (yc / train.ArmSizes[0]);
            for (int r = 0; r < test.Count; r++)
            {
                double e = constant - Synthetic.TrueEffect(test.Features.Row(r)[0], a);
                error += e * e;
            }
        }

        return error / (test.Count * train.ArmCount);
    }

    [Theory]
    [InlineData(UpliftSplitCriterion.KullbackLeibler, false)]
    [InlineData(UpliftSplitCriterion.Euclidean, false)]
    [InlineData(UpliftSplitCriterion.ChiSquared, true)]
    public void Fit_HeterogeneousEffectTwoArms_BeatsTheConstantEffect(UpliftSplitCriterion criterion, bool honest)
    {
        UpliftData train = Synthetic.Make(12000, 2, 31);
        UpliftData test = Synthetic.Make(2000, 2, 32);
        var options = new UpliftRandomForestOptions { Criterion = criterion, Honest = honest, TreeCount = 40, FeaturesPerSplit = 2, Seed = 3 };
        double forest = EffectError(new UpliftRandomForest(options).Fit(train), test);
        double constant = ConstantError(train, test);
        Assert.True(forest < 0.6 * constant, $"forest MSE {forest}, constant MSE {constant}");
    }

    [Fact]
    public void Fit_DeltaDeltaPOneArm_BeatsTheConstantEffect()
    {
        UpliftData train = Synthetic.Make(8000, 1, 33);
        UpliftData test = Synthetic.Make(2000, 1, 34);
        var options = new UpliftRandomForestOptions { Criterion = UpliftSplitCriterion.DeltaDeltaP, TreeCount = 40, FeaturesPerSplit = 2, Seed = 3 };
        double forest = EffectError(new UpliftRandomForest(options).Fit(train), test);
        Assert.True(forest < 0.8 * ConstantError(train, test), $"forest MSE {forest}, constant {ConstantError(train, test)}");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Fit_AnyThreadCountAndRefit_IdenticalModelOtherSeedDiffers(bool honest, bool bootstrap)
    {
        UpliftData data = Synthetic.Make(4000, 2, 35);
        string Fit(int threads, int seed) => Regex.Replace(
            ModelPersistence.ToJson(new UpliftRandomForest(new UpliftRandomForestOptions
            {
                TreeCount = 16, Honest = honest, Bootstrap = bootstrap, SampleFraction = 0.7, MinSamplesLeaf = 40, FeaturesPerSplit = 2, MaxDegreeOfParallelism = threads, Seed = seed,
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
        UpliftData data = Synthetic.Make(3000, 2, 36);
        UpliftRandomForestModel model = new UpliftRandomForest(new UpliftRandomForestOptions { TreeCount = 8, MinSamplesLeaf = 50, Honest = true }).Fit(data);
        UpliftRandomForestModel loaded = ModelPersistence.FromJson<UpliftRandomForestModel>(ModelPersistence.ToJson(model));
        var a = new double[data.Count * 2];
        var b = new double[data.Count * 2];
        model.PredictEffects(data.Features, a);
        loaded.PredictEffects(data.Features, b);
        Assert.Equal(a, b);
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.ArmNames, loaded.ArmNames);
        Assert.True(model.NodeCount > model.TreeCount);

        var outcomes = new double[data.Count * 3];
        model.PredictOutcomes(data.Features, outcomes);
        Assert.Equal(outcomes[1] - outcomes[0], a[0], 12);
        Assert.Equal(outcomes[2] - outcomes[0], a[1], 12);
    }

    [Theory]
    [InlineData("rate", "1.5")]
    [InlineData("left", "99999")]
    [InlineData("criterion", "9")]
    public void Load_CorruptPayload_ThrowsInvalidData(string field, string bad)
    {
        UpliftRandomForestModel model = new UpliftRandomForest(new UpliftRandomForestOptions { TreeCount = 2, MinSamplesLeaf = 50 }).Fit(Synthetic.Make(2000, 1, 37));
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

        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<UpliftRandomForestModel>(root.ToJsonString()));
    }

    [Theory]
    [InlineData(false, 25, 24)]
    [InlineData(true, 15, 24)]
    public void Fit_TooFewRowsInAnArm_ThrowsNamingTheArmAndCount(bool honest, int minArm, int treated)
    {
        UpliftData big = Synthetic.Make(3000, 2, 38);
        var rows = new List<int>();
        int kept = 0;
        for (int i = 0; i < big.Count; i++)
        {
            if (big.Treatment[i] != 2 || kept++ < treated)
            {
                rows.Add(i);
            }
        }

        UpliftData data = big.Subset([.. rows]);
        var forest = new UpliftRandomForest(new UpliftRandomForestOptions { MinArmSamplesLeaf = minArm, Honest = honest, TreeCount = 2 });
        var ex = Assert.Throws<ArgumentException>(() => forest.Fit(data));
        Assert.Contains("Arm 2 ('treatment2'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"has {treated} rows", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"at least {minArm * (honest ? 2 : 1)}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new UpliftRandomForest().Fit(null!));
        Assert.Throws<ArgumentException>(() => new UpliftRandomForest().Fit(Synthetic.Make(500, 1, 39, binary: false)));
        Assert.Throws<ArgumentException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { Criterion = UpliftSplitCriterion.DeltaDeltaP }).Fit(Synthetic.Make(600, 2, 39)));
        UpliftData data = Synthetic.Make(500, 1, 39);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { TreeCount = 0 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { MaxDepth = 33 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { MinArmSamplesLeaf = 0 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { RegularizationWeight = double.NaN }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { SampleFraction = 0 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { MaxBins = 1 }).Fit(data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpliftRandomForest(new UpliftRandomForestOptions { Criterion = (UpliftSplitCriterion)7 }).Fit(data));
        IUpliftModel model = new UpliftRandomForest(new UpliftRandomForestOptions { TreeCount = 2 }).Fit(data);
        Assert.Throws<ArgumentException>(() => model.PredictEffects(data.Features, new double[data.Count - 1]));
    }

    [Fact]
    public void Honest_NoEffect_SmallerSpuriousEffectsOnTheTrainingRows()
    {
        // y ~ Bernoulli(0.3) whatever the arm: every estimated effect is noise. Leaves estimated on the rows
        // that chose the split exaggerate it; leaves estimated on the other half do not.
        var rng = new Random(51);
        int n = 6000;
        var x = new double[n * 3];
        var t = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[(i * 3) + j] = rng.NextDouble();
            }

            t[i] = i % 2;
            y[i] = rng.NextDouble() < 0.3 ? 1 : 0;
        }

        var data = new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 3), t, y);
        double Spread(bool honest)
        {
            IUpliftModel model = new UpliftRandomForest(new UpliftRandomForestOptions { Honest = honest, TreeCount = 20, MinSamplesLeaf = 50, MinArmSamplesLeaf = 10, RegularizationWeight = 0, Seed = 1 }).Fit(data);
            var effects = new double[n];
            model.PredictEffects(data.Features, effects);
            return Math.Sqrt(effects.Select(e => e * e).Average());
        }

        double adaptive = Spread(false), honestSpread = Spread(true);
        Assert.True(honestSpread < 0.8 * adaptive, $"honest RMS effect {honestSpread}, adaptive {adaptive}");
    }
}
