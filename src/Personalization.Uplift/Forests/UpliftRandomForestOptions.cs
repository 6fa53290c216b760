using Personalization;
namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="UpliftRandomForest"/>.</summary>
public sealed record UpliftRandomForestOptions : IValidatableOptions
{
    /// <summary>Gets the divergence each split maximizes.</summary>
    /// <value>Default <see cref="UpliftSplitCriterion.KullbackLeibler"/>.</value>
    public UpliftSplitCriterion Criterion { get; init; } = UpliftSplitCriterion.KullbackLeibler;

    /// <summary>Gets a value indicating whether the gain of KL, Euclidean and chi-squared splits is divided by the normalisation factor of Rzepakowski &amp; Jaroszewicz (2012), which penalises splits that separate treatment from control and unbalanced splits.</summary>
    /// <value>Default <see langword="true"/>. Ignored by <see cref="UpliftSplitCriterion.DeltaDeltaP"/>.</value>
    public bool Normalization { get; init; } = true;

    /// <summary>Gets the number of trees.</summary>
    /// <value>Default 100. Must be at least 1.</value>
    public int TreeCount { get; init; } = 100;

    /// <summary>Gets the most split levels of a tree (the root is at depth 0).</summary>
    /// <value>Default 5. Must be between 1 and 32.</value>
    public int MaxDepth { get; init; } = 5;

    /// <summary>Gets the fewest splitting rows (bootstrap copies counted) a leaf may hold, all arms together.</summary>
    /// <value>Default 100. Must be at least 1.</value>
    public int MinSamplesLeaf { get; init; } = 100;

    /// <summary>Gets the fewest splitting rows of each arm, control and every treatment, a leaf may hold (causalml's min_samples_treatment).</summary>
    /// <value>Default 10. Must be at least 1. Every arm of the training data needs this many rows, twice as many with <see cref="Honest"/>.</value>
    public int MinArmSamplesLeaf { get; init; } = 10;

    /// <summary>Gets the weight λ, in rows, of the parent's response rate in a child's rate (s + λ·p<sub>parent</sub>)/(n + λ) while splitting (causalml's n_reg); 0 uses the raw rates.</summary>
    /// <value>Default 10. Must be finite and at least 0.</value>
    public double RegularizationWeight { get; init; } = 10;

    /// <summary>Gets a value indicating whether each tree splits on one half of its sample (stratified by arm) and estimates its leaf rates on the other half.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Honest { get; init; }

    /// <summary>Gets the number of features drawn at random as split candidates at each node; 0 uses every feature.</summary>
    /// <value>Default 10 (as causalml). Must be at least 0; values above the feature count use every feature.</value>
    public int FeaturesPerSplit { get; init; } = 10;

    /// <summary>Gets a value indicating whether each tree learns from a bootstrap sample (with replacement) rather than a subsample without replacement.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Gets the size of each tree's sample as a fraction of the rows.</summary>
    /// <value>Default 1.0. Must be in (0, 1].</value>
    public double SampleFraction { get; init; } = 1.0;

    /// <summary>Gets the most quantile bins per feature; the split candidates are the bin boundaries.</summary>
    /// <value>Default 32. Must be between 2 and 256.</value>
    public int MaxBins { get; init; } = 32;

    /// <summary>Gets the seed of the samples, honest halves and feature draws; tree t uses its own generator, so the forest does not depend on the thread count.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Gets the most threads used; 0 uses all cores. Results do not depend on it.</summary>
    /// <value>Default 0. Must be at least 0.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every hyperparameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its value and the valid range.</exception>
    public void Validate()
    {
        if (Criterion is not (UpliftSplitCriterion.KullbackLeibler or UpliftSplitCriterion.Euclidean or UpliftSplitCriterion.ChiSquared or UpliftSplitCriterion.DeltaDeltaP))
        {
            throw new ArgumentOutOfRangeException(nameof(Criterion), Criterion, "Criterion must be KullbackLeibler, Euclidean, ChiSquared or DeltaDeltaP.");
        }

        Validation.Guard.Positive(TreeCount, nameof(TreeCount));
        Validation.Guard.InRange(MaxDepth, 1, 32, nameof(MaxDepth));
        Validation.Guard.Positive(MinSamplesLeaf, nameof(MinSamplesLeaf));
        Validation.Guard.Positive(MinArmSamplesLeaf, nameof(MinArmSamplesLeaf));
        if (!double.IsFinite(RegularizationWeight) || RegularizationWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RegularizationWeight), RegularizationWeight, $"RegularizationWeight must be finite and at least 0, but was {RegularizationWeight}.");
        }

        Validation.Guard.InRange(FeaturesPerSplit, 0, int.MaxValue, nameof(FeaturesPerSplit));
        if (double.IsNaN(SampleFraction) || SampleFraction <= 0 || SampleFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleFraction), SampleFraction, $"SampleFraction must be in (0, 1], but was {SampleFraction}.");
        }

        Validation.Guard.InRange(MaxBins, 2, 256, nameof(MaxBins));
        Validation.Guard.InRange(MaxDegreeOfParallelism, 0, int.MaxValue, nameof(MaxDegreeOfParallelism));
    }
}
