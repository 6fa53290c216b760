namespace Personalization.Uplift.Learners;

/// <summary>Hyperparameters of <see cref="LassoRegression"/>.</summary>
public sealed record LassoRegressionOptions : IValidatableOptions
{
    /// <summary>Gets the penalty α of the standardized coefficients; <see langword="null"/> chooses it by seeded K-fold cross-validation over a grid (as scikit-learn's LassoCV).</summary>
    /// <value>Default <see langword="null"/> (cross-validated). When set, must be finite and at least 0 (0 gives ordinary least squares).</value>
    public double? Alpha { get; init; }

    /// <summary>Gets the elastic-net mixing ρ: the penalty is α·ρ‖β‖₁ + α·(1 − ρ)/2·‖β‖²; 1 is the lasso.</summary>
    /// <value>Default 1.0. Must be in (0, 1].</value>
    public double L1Ratio { get; init; } = 1.0;

    /// <summary>Gets the number of cross-validation folds when <see cref="Alpha"/> is <see langword="null"/>.</summary>
    /// <value>Default 5 (as LassoCV). Must be between 2 and 20; the data needs at least this many rows.</value>
    public int FoldCount { get; init; } = 5;

    /// <summary>Gets the number of penalties on the cross-validation grid, log-spaced from α<sub>max</sub> (the smallest penalty that sets every coefficient to 0) down to <see cref="AlphaRatio"/>·α<sub>max</sub>.</summary>
    /// <value>Default 100 (as LassoCV). Must be between 2 and 1000.</value>
    public int AlphaCount { get; init; } = 100;

    /// <summary>Gets the ratio of the smallest to the largest penalty of the grid.</summary>
    /// <value>Default 0.001 (as LassoCV). Must be in (0, 1).</value>
    public double AlphaRatio { get; init; } = 1e-3;

    /// <summary>Gets the most coordinate-descent sweeps per penalty.</summary>
    /// <value>Default 1000. Must be at least 1.</value>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Gets the stopping tolerance: a sweep whose largest coefficient change is at most Tolerance times the largest coefficient ends the descent.</summary>
    /// <value>Default 1e-4. Must be finite and positive.</value>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Gets the seed of the cross-validation fold assignment.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it, its value and the valid range.</exception>
    public void Validate()
    {
        if (Alpha is double alpha)
        {
            Validation.Guard.NonNegative(alpha, nameof(Alpha));
        }

        if (double.IsNaN(L1Ratio) || L1Ratio <= 0 || L1Ratio > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(L1Ratio), L1Ratio, $"L1Ratio must be in (0, 1], but was {L1Ratio}.");
        }

        Validation.Guard.InRange(FoldCount, 2, 20, nameof(FoldCount));
        Validation.Guard.InRange(AlphaCount, 2, 1000, nameof(AlphaCount));
        if (double.IsNaN(AlphaRatio) || AlphaRatio <= 0 || AlphaRatio >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AlphaRatio), AlphaRatio, $"AlphaRatio must be in (0, 1), but was {AlphaRatio}.");
        }

        Validation.Guard.Positive(MaxIterations, nameof(MaxIterations));
        Validation.Guard.Positive(Tolerance, nameof(Tolerance));
    }
}
