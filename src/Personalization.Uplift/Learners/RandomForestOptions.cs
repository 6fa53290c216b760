namespace Personalization.Uplift.Learners;

/// <summary>Hyperparameters of <see cref="RandomForest"/>.</summary>
public sealed record RandomForestOptions : IValidatableOptions
{
    /// <summary>Gets whether the forest is a regressor or a classifier.</summary>
    /// <value>Default <see cref="RandomForestTask.Regression"/>.</value>
    public RandomForestTask Task { get; init; } = RandomForestTask.Regression;

    /// <summary>Gets the number of trees.</summary>
    /// <value>Default 100. Must be at least 1.</value>
    public int TreeCount { get; init; } = 100;

    /// <summary>Gets the deepest a tree may grow.</summary>
    /// <value>Default 16. Must be between 1 and 32.</value>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Gets the fewest training rows (distinct rows of the tree's sample) a leaf may hold.</summary>
    /// <value>Default 5. Must be at least 1.</value>
    public int MinSamplesLeaf { get; init; } = 5;

    /// <summary>Gets the number of features drawn at random as split candidates at each node; 0 picks ⌈d/3⌉ for regression and ⌈√d⌉ for classification.</summary>
    /// <value>Default 0. Must be at least 0; values above the feature count use every feature.</value>
    public int FeaturesPerSplit { get; init; }

    /// <summary>Gets a value indicating whether each tree learns from a bootstrap sample (drawn with replacement) rather than a subsample without replacement.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Gets the size of each tree's sample as a fraction of the rows.</summary>
    /// <value>Default 1.0. Must be in (0, 1].</value>
    public double SampleFraction { get; init; } = 1.0;

    /// <summary>Gets the most histogram bins per feature (quantile bins, as in <see cref="GradientBoosting"/>).</summary>
    /// <value>Default 255. Must be between 2 and 256.</value>
    public int MaxBins { get; init; } = 255;

    /// <summary>Gets the seed of the samples and feature draws; tree t uses its own generator, so the forest does not depend on the thread count.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Gets the most threads used; 0 uses all cores. Results do not depend on it.</summary>
    /// <value>Default 0. Must be at least 0.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range; the exception names the option.</exception>
    public void Validate() => RandomForest.Validate(this);
}
