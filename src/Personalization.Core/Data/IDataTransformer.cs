namespace Personalization;

/// <summary>A fitted transform from one feature matrix to another (imputer, encoder, scaler, pipeline).</summary>
public interface IDataTransformer : IFittedModel
{
    /// <summary>Applies the fitted transform.</summary>
    /// <param name="data">Data with the same columns as the training data.</param>
    /// <returns>A new transformed matrix; row ids are kept.</returns>
    /// <exception cref="ArgumentException">The columns do not match the training data.</exception>
    FeatureMatrix<double> Transform(FeatureMatrix<double> data);
}
