using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>The usage example of docs/uplift.md, compiled and run on synthetic data.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public void UpliftDocsExample_RunsAndRespectsBudget()
    {
        UpliftData data = Synthetic.Make(3000, 2, 31);
        FeatureMatrix<double> customers = Synthetic.Make(500, 2, 32).Features;

        XLearnerModel model = new XLearner(new XLearnerOptions
        {
            OutcomeLearner = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic, Seed = 7 }),
        }).Fit(data);

        var effects = new double[customers.RowCount * model.ArmCount];
        model.PredictEffects(customers, effects);

        var baselineOutcome = new double[customers.RowCount];
        new TLearner().Fit(data).OutcomeModels[0].Predict(customers, baselineOutcome);

        OfferAssignment plan = OfferPolicy.Assign(effects, model.ArmCount, new OfferPolicyOptions
        {
            Arms = [new ArmEconomics { ValuePerOutcome = 20, CostPerOutcome = 10 },
                    new ArmEconomics { ValuePerOutcome = 20, CostPerOutcome = 12.5 }],
            Budget = 50,
            MaxArm = 2,
        }, baselineOutcome);
        OfferAssignment rules = OfferPolicy.ApplyRules(effects, 2, [new OfferRule(2, 1, 0.01), new OfferRule(1, 0, 0.005)]);

        Assert.True(plan.TotalExpectedCost <= 50);
        Assert.All(plan.ExpectedValue, v => Assert.True(v >= 0));
        Assert.Equal(customers.RowCount, rules.Arms.Length);

        string path = Path.Combine(Path.GetTempPath(), $"uplift-{Guid.NewGuid():N}.json");
        try
        {
            ModelPersistence.SaveToFile(model, path);
            var again = new double[effects.Length];
            ModelPersistence.LoadFromFile<XLearnerModel>(path).PredictEffects(customers, again);
            Assert.Equal(effects, again);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
