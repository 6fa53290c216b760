namespace Personalization;

/// <summary>
/// An estimator: holds options (hyperparameters only) and turns data into a new, immutable fitted model.
/// </summary>
/// <typeparam name="TInput">The training data type, for example <see cref="FeatureMatrix{T}"/>.</typeparam>
/// <typeparam name="TModel">The fitted model type.</typeparam>
/// <remarks>
/// Estimators are stateless: fitting twice with the same data and seed returns identical models,
/// whatever the degree of parallelism. <c>Fit</c> validates the options and the data.
/// </remarks>
public interface IEstimator<in TInput, out TModel>
    where TModel : IFittedModel
{
    /// <summary>Validates the options and the data, trains, and returns a new fitted model.</summary>
    /// <param name="input">The training data.</param>
    /// <param name="cancellationToken">Cancels a long fit; the estimator throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>A new immutable fitted model.</returns>
    TModel Fit(TInput input, CancellationToken cancellationToken = default);
}
