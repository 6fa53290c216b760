using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>Uplift fits on too little data are refused, constant models are flagged, ties never target by row order (issue 16, class 5).</summary>
public sealed class DegenerateFitTests
{
    public static TheoryData<string> Learners => ["s", "t", "x", "dr", "class"];

    private static IUpliftEstimator Learner(string name, bool linear) => name switch
    {
        "s" => new SLearner(new SLearnerOptions { Learner = linear ? new RidgeRegression() : null }),
        "t" => new TLearner(new TLearnerOptions { Learner = linear ? new RidgeRegression() : null }),
        "x" => new XLearner(new XLearnerOptions { OutcomeLearner = linear ? new RidgeRegression() : null, EffectLearner = linear ? new RidgeRegression() : null }),
        "dr" => new DRLearner(new DRLearnerOptions { OutcomeLearner = linear ? new RidgeRegression() : null, EffectLearner = linear ? new RidgeRegression() : null }),
        _ => new ClassTransformation(new ClassTransformationOptions { Variant = linear ? ClassTransformationVariant.TransformedOutcome : ClassTransformationVariant.Auto, Learner = linear ? new RidgeRegression() : null }),
    };

    /// <summary>Synthetic continuous data with the first <paramref name="treated"/> rows treated.</summary>
    private static UpliftData WithTreated(int n, int treated, bool binary)
    {
        UpliftData source = Synthetic.Make(n, 1, 5, binary);
        var t = new int[n];
        for (int i = 0; i < treated; i++)
        {
            t[i] = 1;
        }

        return new UpliftData(source.Features, t, source.Outcome);
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Fit_OneTreatedRow_ThrowsNamingTheArmAndMinimum(string learner)
    {
        UpliftData data = WithTreated(400, 1, binary: false);

        var ex = Assert.Throws<ArgumentException>(() => Learner(learner, linear: true).Fit(data));

        Assert.Contains("Arm 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 1 units", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least 10", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Fit_NineControlRows_ThrowsNamingControl(string learner)
    {
        UpliftData data = WithTreated(400, 391, binary: false);

        var ex = Assert.Throws<ArgumentException>(() => Learner(learner, linear: true).Fit(data));

        Assert.Contains("control", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 9 units", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Fit_TenRowsPerArm_Succeeds(string learner)
    {
        UpliftData data = WithTreated(20, 10, binary: false);

        IUpliftModel model = Learner(learner, linear: true).Fit(data);

        var effects = new double[20];
        model.PredictEffects(data.Features, effects);
        Assert.All(effects, e => Assert.True(double.IsFinite(e)));
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Fit_ClassifierOnArmWithOneOutcomeClass_Throws(string learner)
    {
        UpliftData source = Synthetic.Make(600, 1, 9, binary: true);
        double[] y = source.Outcome.ToArray();
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = source.Treatment[i] == 1 ? 0 : y[i];
        }

        var data = new UpliftData(source.Features, source.Treatment, y);

        var ex = Assert.Throws<ArgumentException>(() => Learner(learner, linear: false).Fit(data));

        Assert.Contains("only outcome 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("both outcome classes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_RegressorOnArmWithOneOutcomeValue_Succeeds()
    {
        UpliftData source = Synthetic.Make(600, 1, 9, binary: true);
        double[] y = source.Outcome.ToArray();
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = source.Treatment[i] == 1 ? 0 : y[i];
        }

        IUpliftModel model = new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(new UpliftData(source.Features, source.Treatment, y));

        Assert.Equal(1, model.ArmCount);
    }

    [Fact]
    public void GradientBoosting_TooFewRowsToSplit_IsConstant()
    {
        UpliftData data = Synthetic.Make(150, 1, 3, binary: false);

        GradientBoostingModel model = new GradientBoosting(new GradientBoostingOptions { Seed = 1 }).Fit(data.Features, data.Outcome);

        Assert.Equal(0, model.SplitCount);
        Assert.True(model.IsConstant);
        var predictions = new double[150];
        model.Predict(data.Features, predictions);
        Assert.All(predictions, p => Assert.Equal(predictions[0], p));
    }

    [Fact]
    public void GradientBoosting_EnoughRows_IsNotConstant()
    {
        UpliftData data = Synthetic.Make(2000, 1, 3, binary: false);

        GradientBoostingModel model = new GradientBoosting(new GradientBoostingOptions { Seed = 1 }).Fit(data.Features, data.Outcome);

        Assert.True(model.SplitCount > 0);
        Assert.False(model.IsConstant);
    }

    [Fact]
    public void Assign_AllEffectsTieAboveMaxTreated_TargetsNobody()
    {
        double[] effects = [0.1, 0.1, 0.1, 0.1, 0.1];
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics()], MaxTreated = 2 };

        OfferAssignment result = OfferPolicy.Assign(effects, 1, options);

        Assert.Equal<int>([0, 0, 0, 0, 0], result.Arms);
    }

    [Fact]
    public void Assign_AllEffectsTieWithinMaxTreated_TargetsEveryone()
    {
        double[] effects = [0.1, 0.1, 0.1];
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics()], MaxTreated = 3 };

        OfferAssignment result = OfferPolicy.Assign(effects, 1, options);

        Assert.Equal<int>([1, 1, 1], result.Arms);
    }

    [Theory]
    [InlineData(1, new[] { 1, 0, 0, 0, 0 })]
    [InlineData(2, new[] { 1, 0, 0, 0, 0 })]
    [InlineData(4, new[] { 1, 1, 1, 1, 0 })]
    [InlineData(5, new[] { 1, 1, 1, 1, 1 })]
    public void Assign_TieGroupAtTheCut_IsKeptOrDroppedWhole(int maxTreated, int[] expected)
    {
        double[] effects = [0.3, 0.2, 0.2, 0.2, 0.1];
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics()], MaxTreated = maxTreated };

        OfferAssignment result = OfferPolicy.Assign(effects, 1, options);

        Assert.Equal(expected, result.Arms);
    }

    [Fact]
    public void Assign_TieGroupOverBudget_SkipsTheWholeGroup()
    {
        // Values 100*0.2-1 = 19 (two tied rows, cost 2 together) and 100*0.1-1 = 9; a budget of 1.5 fits one row only.
        double[] effects = [0.2, 0.2, 0.1];
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics { ValuePerOutcome = 100, CostPerTreated = 1 }], Budget = 1.5 };

        OfferAssignment result = OfferPolicy.Assign(effects, 1, options);

        Assert.Equal<int>([0, 0, 1], result.Arms);
    }

    [Fact]
    public void Assign_RowOrderPermuted_SameTargetsPerCustomer()
    {
        double[] effects = [0.5, 0.2, 0.2, 0.9, 0.2, 0.1];
        int[] permutation = [5, 3, 1, 0, 4, 2];
        double[] permuted = permutation.Select(i => effects[i]).ToArray();
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics()], MaxTreated = 3 };

        int[] original = OfferPolicy.Assign(effects, 1, options).Arms.ToArray();
        int[] shuffled = OfferPolicy.Assign(permuted, 1, options).Arms.ToArray();

        for (int j = 0; j < permutation.Length; j++)
        {
            Assert.Equal(original[permutation[j]], shuffled[j]);
        }
    }

    [Property(MaxTest = 100)]
    public Property Assign_RowsPermuted_EveryCustomerKeepsItsArm() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 1_000_000)), seed =>
        {
            // Few distinct values, so ties are common; random cap and budget.
            var rng = new Random(seed);
            int n = rng.Next(1, 40);
            double[] effects = Enumerable.Range(0, n).Select(_ => rng.Next(-2, 4) / 10.0).ToArray();
            var options = new OfferPolicyOptions
            {
                Arms = [new ArmEconomics { ValuePerOutcome = 10, CostPerTreated = rng.Next(0, 2) }],
                MaxTreated = rng.Next(0, n + 2),
                Budget = rng.Next(0, 2) == 0 ? null : rng.Next(0, 20),
            };
            int[] permutation = Enumerable.Range(0, n).ToArray();
            rng.Shuffle(permutation);

            ImmutableArray<int> original = OfferPolicy.Assign(effects, 1, options).Arms;
            ImmutableArray<int> shuffled = OfferPolicy.Assign(permutation.Select(i => effects[i]).ToArray(), 1, options).Arms;

            return Enumerable.Range(0, n).All(j => shuffled[j] == original[permutation[j]])
                && original.Count(a => a > 0) <= options.MaxTreated;
        });
}
