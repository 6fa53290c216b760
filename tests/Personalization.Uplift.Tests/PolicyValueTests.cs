using Personalization.Uplift.Learners;
using Xunit.Abstractions;

namespace Personalization.Uplift.Tests;

public sealed class PolicyValueTests(ITestOutputHelper output)
{
    // Control rows 0..9 (mean 0.3) then treated rows 10..19 (mean 0.6); the policy treats the even rows.
    private static readonly double[] s_smallOutcome = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0];

    private static UpliftData Small()
    {
        var x = new double[20];
        var t = new int[20];
        for (int i = 0; i < 20; i++)
        {
            x[i] = i;
            t[i] = i < 10 ? 0 : 1;
        }

        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, 20, 1), t, s_smallOutcome);
    }

    private static int[] EvenRows(int n) => Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1 : 0).ToArray();

    private static readonly PolicyValueOptions s_meanModels = new() { OutcomeLearner = new MeanLearner(), CrossFitting = false };

    [Fact]
    public void Evaluate_SmallHandComputedCase_MatchesAipwScores()
    {
        // μ0 = 0.3, μ1 = 0.6, e = 0.5: Γ1 = 0.6 + 2(y − 0.6) on treated rows (0.6 elsewhere), Γ0 = 0.3 + 2(y − 0.3) on
        // control rows (0.3 elsewhere). Targeted: control even rows 5 x 0.6, control odd rows 1.7 − 4 x 0.3,
        // treated even rows 1.4 + 1.4 − 3 x 0.6, treated odd rows 5 x 0.3: sum 6.0, mean 0.30. The SEs are sd/√20 of
        // those 20 scores (n − 1 in the variance), computed with a few lines of Python.
        PolicyValueEstimate v = PolicyValue.Evaluate(Small(), EvenRows(20), s_meanModels);
        Assert.Equal(0.30, v.Targeted.Estimate, 12);
        Assert.Equal(0.1513100685417374, v.Targeted.StandardError, 12);
        Assert.Equal(0.60, v.TreatAll.Estimate, 12);
        Assert.Equal(0.15894388284780528, v.TreatAll.StandardError, 12);
        Assert.Equal(0.30, v.TreatNone.Estimate, 12);
        Assert.Equal(0.1486783883350056, v.TreatNone.StandardError, 12);
        Assert.Equal(-0.30, v.VersusTreatAll.Estimate, 12);
        Assert.Equal(0.1477907482326207, v.VersusTreatAll.StandardError, 12);
        Assert.Equal(0.0, v.VersusTreatNone.Estimate, 12);
        Assert.Equal(0.1597695709122162, v.VersusTreatNone.StandardError, 12);
        Assert.Equal(1.959963984540054 * 0.1513100685417374, v.Targeted.Upper - v.Targeted.Estimate, 12);
        Assert.Equal(1, v.TreatAllArm);
        Assert.Equal(20, v.RowCount);
        Assert.Equal(0, v.PoorOverlapShare);
    }

    [Fact]
    public void Evaluate_SmallHandComputedCaseWithEconomics_ValuesIncrementalProfit()
    {
        // Reward of arm 1: 10(Γ1 − Γ0) − 1 − 2Γ1; treat-all = 8 x 0.6 − 10 x 0.3 − 1 = 0.8; control earns 0.
        var options = s_meanModels with { Arms = [new ArmEconomics { ValuePerOutcome = 10, CostPerTreated = 1, CostPerOutcome = 2 }] };
        PolicyValueEstimate v = PolicyValue.Evaluate(Small(), EvenRows(20), options);
        Assert.Equal(-0.9, v.Targeted.Estimate, 12);
        Assert.Equal(1.4572865917609736, v.Targeted.StandardError, 12);
        Assert.Equal(0.8, v.TreatAll.Estimate, 12);
        Assert.Equal(1.956366126534763, v.TreatAll.StandardError, 12);
        Assert.Equal(-1.7, v.VersusTreatAll.Estimate, 12);
        Assert.Equal(1.2420272053974373, v.VersusTreatAll.StandardError, 12);
        Assert.Equal(new IntervalEstimate(0, 0, 0, 0, 0.95), v.TreatNone);
        Assert.Equal(v.Targeted, v.VersusTreatNone);
    }

    /// <summary>
    /// x ~ U(−1, 1)², e(x) = σ(0.8 x0), y = 1 + x0 + x1 + t(0.5 + x0) + N(0, 1); the policy treats x0 &gt; −0.5
    /// (where τ &gt; 0). True values: E[Y(0)] = 1, E[Y(1)] = 1.5, V(π) = 1 + ½∫<sub>−0.5</sub><sup>1</sup>(0.5 + x)dx = 1.5625.
    /// With economics V = 2, C = 0.3, K = 0.5 the reward of treating is x0 − 0.05 in expectation:
    /// targeted ½∫<sub>−0.5</sub><sup>1</sup>(x − 0.05)dx = 0.15, treat-all −0.05.
    /// </summary>
    private static (UpliftData Data, int[] Policy) Observational(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * 2];
        var t = new int[n];
        var y = new double[n];
        var policy = new int[n];
        for (int i = 0; i < n; i++)
        {
            double x0 = (rng.NextDouble() * 2) - 1, x1 = (rng.NextDouble() * 2) - 1;
            x[i * 2] = x0;
            x[(i * 2) + 1] = x1;
            t[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-0.8 * x0)) ? 1 : 0;
            y[i] = 1 + x0 + x1 + (t[i] * (0.5 + x0)) + Synthetic.Normal(rng);
            policy[i] = x0 > -0.5 ? 1 : 0;
        }

        return (new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, n, 2), t, y), policy);
    }

    [Fact]
    public void Evaluate_SimulatedObservationalData_IntervalsCoverTrueValuesAtNominalRate()
    {
        var options = new PolicyValueOptions
        {
            OutcomeLearner = new RidgeRegression(new RidgeRegressionOptions { Alpha = 0 }),
            Propensity = PropensityMode.Estimated,
        };
        var economics = options with { Arms = [new ArmEconomics { ValuePerOutcome = 2, CostPerTreated = 0.3, CostPerOutcome = 0.5 }] };
        (string Name, Func<PolicyValueEstimate, IntervalEstimate> Pick, double Truth, bool Economics)[] checks =
        [
            ("targeted", v => v.Targeted, 1.5625, false),
            ("treat-all", v => v.TreatAll, 1.5, false),
            ("treat-none", v => v.TreatNone, 1.0, false),
            ("vs treat-all", v => v.VersusTreatAll, 0.0625, false),
            ("vs treat-none", v => v.VersusTreatNone, 0.5625, false),
            ("profit targeted", v => v.Targeted, 0.15, true),
            ("profit treat-all", v => v.TreatAll, -0.05, true),
            ("profit vs treat-all", v => v.VersusTreatAll, 0.20, true),
        ];
        var covered = new int[checks.Length];
        for (int rep = 0; rep < 100; rep++)
        {
            (UpliftData data, int[] policy) = Observational(600, 9000 + rep);
            PolicyValueEstimate plain = PolicyValue.Evaluate(data, policy, options with { Seed = rep });
            PolicyValueEstimate profit = PolicyValue.Evaluate(data, policy, economics with { Seed = rep });
            for (int c = 0; c < checks.Length; c++)
            {
                covered[c] += checks[c].Pick(checks[c].Economics ? profit : plain).Contains(checks[c].Truth) ? 1 : 0;
            }
        }

        for (int c = 0; c < checks.Length; c++)
        {
            output.WriteLine($"{checks[c].Name}: {covered[c]} of 100");
        }

        for (int c = 0; c < checks.Length; c++)
        {
            Assert.True(covered[c] >= 90, $"{checks[c].Name}: {covered[c]} of 100 intervals covered {checks[c].Truth}");
        }
    }

    [Fact]
    public void Evaluate_ThreeArmsKnownProbabilities_ScoresUseTheGivenProbabilities()
    {
        // Arms 0, 1, 2 with 10 rows each and y = arm; with mean outcome models the DR score of an arm is its mean on
        // average, whatever the (constant) propensities, so the values are 0, 1 and 2 exactly.
        var x = new double[30];
        var t = new int[30];
        var y = new double[30];
        for (int i = 0; i < 30; i++)
        {
            x[i] = i;
            t[i] = i % 3;
            y[i] = t[i];
        }

        var data = new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, 30, 1), t, y);
        int[] policy = Enumerable.Repeat(2, 30).ToArray();
        var options = s_meanModels with { ArmProbabilities = [0.2, 0.3, 0.5], TreatAllArm = 1 };
        PolicyValueEstimate v = PolicyValue.Evaluate(data, policy, options);
        Assert.Equal(2, v.Targeted.Estimate, 12);
        Assert.Equal(1, v.TreatAll.Estimate, 12);
        Assert.Equal(0, v.TreatNone.Estimate, 12);
        Assert.Equal(1, v.VersusTreatAll.Estimate, 12);
        Assert.Equal(0, v.Targeted.StandardError, 12);
        Assert.Equal(0, v.PoorOverlapShare);
        Assert.Equal(1, PolicyValue.Evaluate(data, policy, options with { ArmProbabilities = [0.02, 0.49, 0.49] }).PoorOverlapShare);
    }

    [Fact]
    public void Evaluate_BadInput_Throws()
    {
        UpliftData data = Small();
        int[] policy = EvenRows(20);
        Assert.Throws<ArgumentNullException>(() => PolicyValue.Evaluate(null!, policy));
        var length = Assert.Throws<ArgumentException>(() => PolicyValue.Evaluate(data, policy.AsSpan(1), s_meanModels));
        Assert.Contains("19 entries", length.Message);
        var arm = Assert.Throws<ArgumentException>(() => PolicyValue.Evaluate(data, Enumerable.Repeat(2, 20).ToArray(), s_meanModels));
        Assert.Contains("policy[0] is 2", arm.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { TreatAllArm = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { ConfidenceLevel = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { FoldCount = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { PropensityClip = 0.5 }));
        Assert.Throws<ArgumentException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { ArmProbabilities = [0.5] }));
        Assert.Throws<ArgumentException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { ArmProbabilities = [0.5, 0.6] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { ArmProbabilities = [0, 1] }));
        Assert.Throws<ArgumentException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { Arms = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { Arms = [new ArmEconomics { CostPerTreated = -1 }] }));
        Assert.Throws<ArgumentException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { PropensityLearner = new RidgeRegression(), Propensity = PropensityMode.Estimated }));
        var folds = Assert.Throws<ArgumentException>(() => PolicyValue.Evaluate(data, policy, s_meanModels with { CrossFitting = true, FoldCount = 11 }));
        Assert.Contains("has 10 rows", folds.Message);
    }
}
