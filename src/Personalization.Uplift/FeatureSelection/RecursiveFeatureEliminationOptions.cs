namespace Personalization.Uplift.Learners;

/// <summary>Hyperparameters of <see cref="RecursiveFeatureElimination"/>.</summary>
public sealed record RecursiveFeatureEliminationOptions
{
    /// <summary>Gets the base learner fitted on every candidate feature set (a regressor or a classifier).</summary>
    /// <value>Default <see langword="null"/>: <see cref="RecursiveFeatureElimination.Fit"/> throws; a learner must be given.</value>
    public IBaseLearner? Learner { get; init; }

    /// <summary>Gets the number of cross-validation folds (seeded; stratified by label for a classifier).</summary>
    /// <value>Default 5. Must be between 2 and 20.</value>
    public int FoldCount { get; init; } = 5;

    /// <summary>Gets the number of features dropped at each elimination step.</summary>
    /// <value>Default 1. Must be at least 1.</value>
    public int Step { get; init; } = 1;

    /// <summary>Gets the fewest features a candidate set may keep.</summary>
    /// <value>Default 1. Must be between 1 and the number of features.</value>
    public int MinFeatureCount { get; init; } = 1;

    /// <summary>Gets the seed of the folds and of the permutation importances.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }
}
