namespace Personalization;

/// <summary>A fitted model: immutable, thread-safe, and the result of an estimator's <c>Fit</c>.</summary>
public interface IFittedModel
{
    /// <summary>Gets the stable name of the model type, as written in saved JSON (for example <c>KMeansModel</c>).</summary>
    string ModelType { get; }
}
