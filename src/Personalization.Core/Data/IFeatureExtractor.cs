namespace Personalization;

/// <summary>Computes a feature matrix (one row per customer) from raw input such as transactions.</summary>
/// <typeparam name="TInput">The raw input type.</typeparam>
public interface IFeatureExtractor<in TInput>
{
    /// <summary>Gets the names of the columns that <see cref="Extract"/> produces, in order.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Computes the features.</summary>
    /// <param name="input">The raw input.</param>
    /// <param name="cancellationToken">Cancels a long extraction.</param>
    /// <returns>A matrix with one row per entity (row ids set) and the columns in <see cref="FeatureNames"/>.</returns>
    FeatureMatrix<double> Extract(TInput input, CancellationToken cancellationToken = default);
}
