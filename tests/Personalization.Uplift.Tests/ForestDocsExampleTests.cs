using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>The forest examples of docs/uplift.md (Uplift random forest, Causal forest), compiled and run on synthetic data.</summary>
public sealed class ForestDocsExampleTests
{
    [Fact]
    public void UpliftRandomForestDocsExample_Runs()
    {
        UpliftData data = Synthetic.Make(3000, 2, 41);
        FeatureMatrix<double> customers = Synthetic.Make(200, 2, 42).Features;
        var effects = new double[customers.RowCount * 2];

        UpliftRandomForestModel forest = new UpliftRandomForest(new UpliftRandomForestOptions
        {
            Criterion = UpliftSplitCriterion.KullbackLeibler,
            Honest = true,
            MinArmSamplesLeaf = 20,
            Seed = 7,
        }).Fit(data);
        forest.PredictEffects(customers, effects);

        Assert.All(effects, e => Assert.InRange(e, -1, 1));
    }

    [Fact]
    public void CausalForestDocsExample_Runs()
    {
        UpliftData data = Synthetic.Make(1000, 1, 43, binary: false);
        FeatureMatrix<double> customers = Synthetic.Make(50, 1, 44).Features;

        CausalForestModel cf = new CausalForest(new CausalForestOptions { Seed = 7, TreeCount = 100, OutcomeLearner = new RidgeRegression() }).Fit(data);
        var lower = new double[customers.RowCount];
        var upper = new double[customers.RowCount];
        cf.PredictIntervals(customers, 0.95, lower, upper);
        double ate = cf.AverageEffect, se = cf.AverageEffectStandardError;

        // y = 1 + x1 + 2·x0·t + noise with x0 ~ U(-1, 1): the average effect is 0.
        Assert.InRange(ate, -4 * se, 4 * se);
        Assert.All(Enumerable.Range(0, customers.RowCount), r => Assert.True(lower[r] < upper[r]));
    }
}
