namespace Personalization.Uplift.Learners;

/// <summary>Hyperparameters of <see cref="GradientBoosting"/>.</summary>
public sealed record GradientBoostingOptions : IValidatableOptions
{
    /// <summary>Gets the loss: squared error (regressor) or logistic (classifier).</summary>
    /// <value>Default <see cref="GradientBoostingObjective.SquaredError"/>.</value>
    public GradientBoostingObjective Objective { get; init; } = GradientBoostingObjective.SquaredError;

    /// <summary>Gets the number of boosting rounds (trees).</summary>
    /// <value>Default 100. Must be at least 1.</value>
    public int TreeCount { get; init; } = 100;

    /// <summary>Gets the shrinkage applied to every tree's leaf values.</summary>
    /// <value>Default 0.1. Must be in (0, 1].</value>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Gets the depth of each tree (a tree of depth D has at most 2^D leaves).</summary>
    /// <value>Default 3. Must be between 1 and 16.</value>
    public int MaxDepth { get; init; } = 3;

    /// <summary>Gets the fewest training rows a leaf may hold.</summary>
    /// <value>Default 100 (uplift signals are weak; small leaves fit noise). Must be at least 1.</value>
    public int MinSamplesLeaf { get; init; } = 100;

    /// <summary>Gets the L2 penalty λ on leaf values (leaf = −G / (H + λ)).</summary>
    /// <value>Default 1.0. Must be finite and at least 0.</value>
    public double L2Regularization { get; init; } = 1.0;

    /// <summary>Gets the most histogram bins per feature (quantile bins when a feature has more distinct values).</summary>
    /// <value>Default 255. Must be between 2 and 256.</value>
    public int MaxBins { get; init; } = 255;

    /// <summary>Gets the fraction of rows sampled without replacement for each tree (stochastic gradient boosting).</summary>
    /// <value>Default 1.0 (no sampling). Must be in (0, 1].</value>
    public double Subsample { get; init; } = 1.0;

    /// <summary>Gets the seed of the row sampling; the same seed gives the same model for any thread count.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Gets the most threads used; 0 uses all cores. Results do not depend on it.</summary>
    /// <value>Default 0. Must be at least 0.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range; the exception names the option.</exception>
    public void Validate() => GradientBoosting.Validate(this);
}
