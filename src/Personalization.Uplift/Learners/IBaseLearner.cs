namespace Personalization.Uplift.Learners;

/// <summary>
/// A base learner for the meta-learners: a regressor (predicts the conditional mean of the target)
/// or a classifier (predicts the probability that a 0/1 target is 1). Implement it to plug in
/// your own model.
/// </summary>
/// <remarks>Implementations must be stateless: fitting twice on the same data gives identical models.</remarks>
public interface IBaseLearner
{
    /// <summary>Gets a value indicating whether the learner is a classifier (needs 0/1 targets, predicts probabilities).</summary>
    bool IsClassifier { get; }

    /// <summary>Fits a model of <paramref name="target"/> given <paramref name="features"/>.</summary>
    /// <param name="features">The training rows (finite, non-empty).</param>
    /// <param name="target">One target per row: 0/1 for a classifier, any finite number for a regressor.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>A new fitted model.</returns>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or a classifier gets a target other than 0 or 1.</exception>
    IBaseModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default);
}
