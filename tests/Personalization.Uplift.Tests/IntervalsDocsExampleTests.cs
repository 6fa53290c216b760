using Personalization.Uplift.Learners;
using Xunit.Abstractions;

namespace Personalization.Uplift.Tests;

/// <summary>The intervals example of docs/uplift.md, compiled and run on Hillstrom (learn on one half, evaluate on the other).</summary>
public sealed class IntervalsDocsExampleTests(ITestOutputHelper output)
{
    [Fact]
    public void IntervalsDocsExample_Hillstrom_TargetedBeatsTreatNone()
    {
        (UpliftData train, UpliftData test) = Hillstrom.Split(threeArms: true);

        // Learn the effects on one half ...
        DRLearnerModel model = new DRLearner(new DRLearnerOptions
        {
            OutcomeLearner = new LogisticRegression(),
            EffectLearner = new RidgeRegression(),
        }).Fit(train);
        var effects = new double[test.Count * model.ArmCount];
        model.PredictEffects(test.Features, effects);

        // ... choose an arm per customer of the other half: a visit is worth 1, an e-mail costs 0.05 ...
        ArmEconomics[] economics = [new ArmEconomics { ValuePerOutcome = 1, CostPerTreated = 0.05 }, new ArmEconomics { ValuePerOutcome = 1, CostPerTreated = 0.05 }];
        OfferAssignment plan = OfferPolicy.Assign(effects, model.ArmCount, new OfferPolicyOptions { Arms = economics });

        // ... and value that plan on the half it never saw, against mailing everyone the Mens e-mail and mailing no one.
        PolicyValueEstimate value = PolicyValue.Evaluate(test, plan.Arms.AsSpan(), new PolicyValueOptions
        {
            OutcomeLearner = new LogisticRegression(),
            Arms = economics,
            TreatAllArm = 1,
        });

        // The Qini coefficient of the Mens e-mail's predicted effect, with a bootstrap interval.
        int[] rows = [.. Enumerable.Range(0, test.Count).Where(r => test.Treatment[r] != 2)];
        double[] y = [.. rows.Select(r => test.Outcome[r])];
        int[] t = [.. rows.Select(r => test.Treatment[r])];
        double[] score = [.. rows.Select(r => effects[r * 2])];
        IntervalEstimate qini = UpliftMetrics.QiniAucScoreInterval(y, score, t, resampleCount: 1000, seed: 1);

        output.WriteLine($"treated {plan.CountByArm(2)[1]} Mens, {plan.CountByArm(2)[2]} Womens of {test.Count}; overlap share {model.PoorOverlapShare[0]}");
        foreach ((string name, IntervalEstimate e) in new[] { ("targeted", value.Targeted), ("treat-all", value.TreatAll), ("treat-none", value.TreatNone), ("vs treat-all", value.VersusTreatAll), ("vs treat-none", value.VersusTreatNone), ("qini", qini) })
        {
            output.WriteLine($"{name}: {e.Estimate:F4} ± {e.StandardError:F4} [{e.Lower:F4}, {e.Upper:F4}]");
        }

        Assert.True(value.VersusTreatNone.Lower > 0, $"targeted − treat-none: [{value.VersusTreatNone.Lower}, {value.VersusTreatNone.Upper}]");
        Assert.Equal(0, value.TreatNone.Estimate);
        Assert.True(qini.Lower < qini.Estimate && qini.Estimate < qini.Upper);
    }
}
