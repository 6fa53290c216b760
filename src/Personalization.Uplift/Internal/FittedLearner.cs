using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Internal;

/// <summary>The built-in learner that fits a given built-in base model (rebuilt from the model's options), for the options of a loaded meta-learner.</summary>
internal static class FittedLearner
{
    public static IBaseLearner? Of(IBaseModel model) => model switch
    {
        GradientBoostingModel m => new GradientBoosting(m.Options),
        RandomForestModel m => new RandomForest(m.Options),
        RidgeRegressionModel m => new RidgeRegression(m.Options),
        LogisticRegressionModel m => new LogisticRegression(m.Options),
        LassoRegressionModel m => new LassoRegression(m.Options),
        _ => null,
    };
}
