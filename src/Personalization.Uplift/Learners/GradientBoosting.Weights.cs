using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <content>Fitting with sample weights.</content>
public sealed partial class GradientBoosting
{
    /// <inheritdoc />
    IBaseModel IWeightedBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken) =>
        Fit(features, target, weights, cancellationToken);

    /// <summary>Fits with a weight per row.</summary>
    /// <remarks>
    /// Row i's gradient and hessian are multiplied by w<sub>i</sub> (g = w(F − y), h = w for squared
    /// error; g = w(p − y), h = w·p(1 − p) for log-loss) and the initial score is the weighted mean.
    /// <see cref="GradientBoostingOptions.MinSamplesLeaf"/> still counts rows, not weight.
    /// </remarks>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row (0/1 for the logistic objective).</param>
    /// <param name="weights">One finite, non-negative weight per row with a positive sum.</param>
    /// <param name="cancellationToken">Cancels the fit between trees.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, a logistic target is not 0 or 1, or a weight is negative or not finite or all are 0.</exception>
    public GradientBoostingModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken = default)
    {
        Validate(Options);
        LearnerChecks.FitInput(features, target, IsClassifier);
        WeightChecks.Check(weights, features.RowCount);
        return FitCore(features, target, weights, cancellationToken);
    }
}
