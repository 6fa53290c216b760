using Personalization;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace PackageExamples;

internal static class UpliftExample
{
    public static void Run()
    {
        // <readme>
        // 400 customers, one feature; the offer (arm 1) lifts the outcome by 2 * x.
        var random = new Random(7);
        int n = 400;
        var x = new double[n];
        var treatment = new int[n];
        var outcome = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextDouble();
            treatment[i] = i % 2;
            outcome[i] = 1 + x[i] + (treatment[i] * 2 * x[i]) + (0.01 * random.NextDouble());
        }

        var features = new FeatureMatrix<double>(x, n, 1, ["x"]);
        IUpliftModel model = new TLearner(new TLearnerOptions { Learner = new RidgeRegression() })
            .Fit(new UpliftData(features, treatment, outcome, ["control", "offer"]));

        var effects = new double[n * model.ArmCount];
        model.PredictEffects(features, effects);
        Console.WriteLine($"x = {x[0]:F2}: estimated uplift {effects[0]:F2} (true {2 * x[0]:F2})");
        // </readme>
    }
}
