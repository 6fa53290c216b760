using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>Hyperparameters of <see cref="CausalForest"/>.</summary>
public sealed record CausalForestOptions : IValidatableOptions
{
    /// <summary>Gets the number of trees; it must be a multiple of <see cref="ConfidenceGroupSize"/>.</summary>
    /// <value>Default 1000 (grf uses 2000). Must be at least 2 · <see cref="ConfidenceGroupSize"/>.</value>
    public int TreeCount { get; init; } = 1000;

    /// <summary>Gets the number of trees grown on each half-sample (the "little bags" the variance comes from).</summary>
    /// <value>Default 2 (as grf). Must be between 2 and 64.</value>
    public int ConfidenceGroupSize { get; init; } = 2;

    /// <summary>Gets the size of each tree's subsample as a fraction of the rows, drawn without replacement from its group's half-sample.</summary>
    /// <value>Default 0.5 (as grf). Must be in (0, 0.5].</value>
    public double SampleFraction { get; init; } = 0.5;

    /// <summary>Gets a value indicating whether each tree chooses its splits on one part of its subsample and estimates its leaves on the rest.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Honest { get; init; } = true;

    /// <summary>Gets the share of each subsample that chooses the splits when <see cref="Honest"/>.</summary>
    /// <value>Default 0.5 (as grf). Must be in (0, 1).</value>
    public double HonestyFraction { get; init; } = 0.5;

    /// <summary>Gets the fewest splitting rows a child needs on each side of the node's mean residual treatment (w̃ below it, and at or above it).</summary>
    /// <value>Default 5 (as grf's min.node.size). Must be at least 1.</value>
    public int MinNodeSize { get; init; } = 5;

    /// <summary>Gets the smallest share α of the node's Σ(w̃ − w̄)² that each child must keep (grf's alpha).</summary>
    /// <value>Default 0.05. Must be in [0, 0.25).</value>
    public double ImbalanceAlpha { get; init; } = 0.05;

    /// <summary>Gets the number of features drawn at random as split candidates at each node; 0 picks min(⌈√d + 20⌉, d) as grf.</summary>
    /// <value>Default 0. Must be at least 0; values above the feature count use every feature.</value>
    public int FeaturesPerSplit { get; init; }

    /// <summary>Gets the most split levels of a tree.</summary>
    /// <value>Default 32. Must be between 1 and 64.</value>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Gets the most quantile bins per feature; the split candidates are the bin boundaries.</summary>
    /// <value>Default 255. Must be between 2 and 256.</value>
    public int MaxBins { get; init; } = 255;

    /// <summary>
    /// Gets a value indicating whether predictions use a local linear correction (Friedberg et al. 2020; grf's linear
    /// correction): at x the forest weights fit ỹ on w̃ and w̃·(x<sub>S</sub> − x) rather than ỹ on w̃ alone, so an effect that
    /// changes linearly in the correction features S is not flattened by the forest's averaging (the bias that makes the
    /// intervals miss where the effect has a slope). S is chosen from the data as grf advises: the features with non-zero
    /// coefficients in a cross-validated lasso of the R-loss (<see cref="Learners.LassoRegression"/> of ỹ/w̃ with weights
    /// w̃², seeded by <see cref="Seed"/>), at most <see cref="MaxLinearCorrectionFeatures"/> of them, largest standardized
    /// coefficient first. The intervals use the same little-bag variance of the corrected estimating equation.
    /// </summary>
    /// <value>Default <see langword="false"/> (grf's causal forest without correction).</value>
    public bool LinearCorrection { get; init; }

    /// <summary>Gets the most features the linear correction uses (each adds 3 + its index statistics per node).</summary>
    /// <value>Default 4. Must be between 1 and 16.</value>
    public int MaxLinearCorrectionFeatures { get; init; } = 4;

    /// <summary>Gets the ridge penalty λ of the correction slopes, relative to their forest-weighted second moments (grf's ll.lambda).</summary>
    /// <value>Default 0.1. Must be finite and at least 0.</value>
    public double LinearCorrectionPenalty { get; init; } = 0.1;

    /// <summary>Gets the learner of the outcome nuisance m(x) = E[Y | x], cross-fitted over <see cref="FoldCount"/> folds.</summary>
    /// <value>Default <see langword="null"/>: gradient boosting (logistic for a binary outcome, squared error otherwise). Not saved with the model.</value>
    public IBaseLearner? OutcomeLearner { get; init; }

    /// <summary>Gets how the propensity e(x) = P(W = 1 | x) is obtained.</summary>
    /// <value>Default <see cref="PropensityMode.Estimated"/>.</value>
    public PropensityMode Propensity { get; init; } = PropensityMode.Estimated;

    /// <summary>Gets the known propensity in <see cref="PropensityMode.Constant"/> mode; <see langword="null"/> uses the training share of treated rows.</summary>
    /// <value>Default <see langword="null"/>. Must be strictly between 0 and 1.</value>
    public double? KnownPropensity { get; init; }

    /// <summary>Gets the classifier that estimates the propensity in <see cref="PropensityMode.Estimated"/> mode, cross-fitted like the outcome model.</summary>
    /// <value>Default <see langword="null"/>: <see cref="LogisticRegression"/> with its defaults. Not saved with the model.</value>
    public IBaseLearner? PropensityLearner { get; init; }

    /// <summary>Gets the clipping of estimated propensities to [clip, 1 − clip].</summary>
    /// <value>Default 0.01. Must be in (0, 0.5).</value>
    public double PropensityClip { get; init; } = 0.01;

    /// <summary>Gets the number of cross-fitting folds of the nuisance models (seeded, stratified by arm).</summary>
    /// <value>Default 5. Must be between 2 and 20; every arm needs at least this many rows.</value>
    public int FoldCount { get; init; } = 5;

    /// <summary>Gets the seed of the folds, half-samples, subsamples, honest splits and feature draws.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Gets the most threads used; 0 uses all cores. Results do not depend on it.</summary>
    /// <value>Default 0. Must be at least 0.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every hyperparameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its value and the valid range.</exception>
    public void Validate()
    {
        Validation.Guard.InRange(ConfidenceGroupSize, 2, 64, nameof(ConfidenceGroupSize));
        Validation.Guard.InRange(TreeCount, 2 * ConfidenceGroupSize, int.MaxValue, nameof(TreeCount));
        if (TreeCount % ConfidenceGroupSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TreeCount), TreeCount, $"TreeCount must be a multiple of ConfidenceGroupSize ({ConfidenceGroupSize}), but was {TreeCount}.");
        }

        OpenRange(SampleFraction, 0, 0.5, upperInclusive: true, nameof(SampleFraction));
        OpenRange(HonestyFraction, 0, 1, upperInclusive: false, nameof(HonestyFraction));
        Validation.Guard.Positive(MinNodeSize, nameof(MinNodeSize));
        if (double.IsNaN(ImbalanceAlpha) || ImbalanceAlpha < 0 || ImbalanceAlpha >= 0.25)
        {
            throw new ArgumentOutOfRangeException(nameof(ImbalanceAlpha), ImbalanceAlpha, $"ImbalanceAlpha must be in [0, 0.25), but was {ImbalanceAlpha}.");
        }

        Validation.Guard.InRange(FeaturesPerSplit, 0, int.MaxValue, nameof(FeaturesPerSplit));
        Validation.Guard.InRange(MaxDepth, 1, 64, nameof(MaxDepth));
        Validation.Guard.InRange(MaxBins, 2, 256, nameof(MaxBins));
        Validation.Guard.InRange(MaxLinearCorrectionFeatures, 1, 16, nameof(MaxLinearCorrectionFeatures));
        Validation.Guard.NonNegative(LinearCorrectionPenalty, nameof(LinearCorrectionPenalty));
        if (Propensity is not (PropensityMode.Constant or PropensityMode.Estimated))
        {
            throw new ArgumentOutOfRangeException(nameof(Propensity), Propensity, "Propensity must be Constant or Estimated.");
        }

        if (KnownPropensity is double k)
        {
            Validation.Guard.OpenUnitInterval(k, nameof(KnownPropensity));
        }

        OpenRange(PropensityClip, 0, 0.5, upperInclusive: false, nameof(PropensityClip));
        Validation.Guard.InRange(FoldCount, 2, 20, nameof(FoldCount));
        Validation.Guard.InRange(MaxDegreeOfParallelism, 0, int.MaxValue, nameof(MaxDegreeOfParallelism));
    }

    private static void OpenRange(double value, double low, double high, bool upperInclusive, string name)
    {
        if (double.IsNaN(value) || value <= low || value > high || (!upperInclusive && value == high))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in ({low}, {high}{(upperInclusive ? "]" : ")")}, but was {value}.");
        }
    }
}
