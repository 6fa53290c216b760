namespace Personalization.Uplift.Learners;

/// <summary>A fitted base model: predicts one number per row (a conditional mean, or a probability for classifiers).</summary>
/// <remarks>Implementations are immutable and thread-safe.</remarks>
public interface IBaseModel : IFittedModel
{
    /// <summary>Gets the number of features the model was fitted on.</summary>
    int FeatureCount { get; }

    /// <summary>Predicts every row of <paramref name="features"/>.</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="predictions">Receives one prediction per row.</param>
    /// <exception cref="ArgumentException">The column count differs or <paramref name="predictions"/> is too short.</exception>
    void Predict(FeatureMatrix<double> features, Span<double> predictions);
}
