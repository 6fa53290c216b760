namespace Personalization.Uplift.Learners;

/// <summary>The loss a <see cref="GradientBoosting"/> ensemble minimizes.</summary>
public enum GradientBoostingObjective
{
    /// <summary>Squared error: a regressor predicting the conditional mean.</summary>
    SquaredError = 0,

    /// <summary>Binary log-loss: a classifier predicting P(y = 1) through the logistic link.</summary>
    Logistic = 1,
}
