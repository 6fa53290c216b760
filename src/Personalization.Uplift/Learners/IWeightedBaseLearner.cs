namespace Personalization.Uplift.Learners;

/// <summary>
/// A base learner that also fits with a non-negative weight per row (a weighted loss), as the
/// R-learner's final regression needs.
/// </summary>
/// <remarks>
/// Fitting with every weight equal to 1 gives the same model as the unweighted
/// <see cref="IBaseLearner.Fit"/>. Implementations must be stateless.
/// </remarks>
public interface IWeightedBaseLearner : IBaseLearner
{
    /// <summary>Fits a model of <paramref name="target"/> given <paramref name="features"/> minimizing the weighted loss Σ w<sub>i</sub>·ℓ(y<sub>i</sub>, f(x<sub>i</sub>)).</summary>
    /// <param name="features">The training rows (finite, non-empty).</param>
    /// <param name="target">One target per row: 0/1 for a classifier, any finite number for a regressor.</param>
    /// <param name="weights">One finite, non-negative weight per row; their sum must be positive.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>A new fitted model.</returns>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, a weight is negative or not finite, the weights sum to 0, or a classifier gets a target other than 0 or 1.</exception>
    IBaseModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken = default);
}
