using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <content>Fitting with sample weights.</content>
public sealed partial class RidgeRegression
{
    /// <inheritdoc />
    IBaseModel IWeightedBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken) =>
        Fit(features, target, weights, cancellationToken);

    /// <summary>Fits weighted ridge regression.</summary>
    /// <remarks>
    /// Minimizes Σ w<sub>i</sub>(y<sub>i</sub> − b − z<sub>i</sub>·w)² + α‖w‖² on features standardized with the
    /// unweighted mean and standard deviation, solving (Zᵀ W Z + αI) β = Zᵀ W y.
    /// </remarks>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row.</param>
    /// <param name="weights">One finite, non-negative weight per row with a positive sum.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RidgeRegressionOptions.Alpha"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or a weight is negative or not finite or all are 0.</exception>
    public RidgeRegressionModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        LearnerChecks.FitInput(features, target, classifier: false);
        WeightChecks.Check(weights, features.RowCount);
        return FitCore(features, target, weights, cancellationToken);
    }
}
