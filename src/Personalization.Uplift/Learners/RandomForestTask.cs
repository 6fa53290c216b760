namespace Personalization.Uplift.Learners;

/// <summary>What a <see cref="RandomForest"/> predicts.</summary>
public enum RandomForestTask
{
    /// <summary>A regressor: each tree's leaf holds the mean target of its rows; splits minimize squared error.</summary>
    Regression = 0,

    /// <summary>A classifier of 0/1 targets: each leaf holds the share of 1s (P(y = 1)); splits minimize Gini impurity.</summary>
    Classification = 1,
}
