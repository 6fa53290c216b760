namespace Personalization;

/// <summary>A scaler estimator (standard, min-max, robust, or your own).</summary>
public interface IScaler : IEstimator<FeatureMatrix<double>, IScalerModel>
{
}

/// <summary>A fitted per-column affine scaler: <c>z = (x - Offset) / Scale</c>.</summary>
public interface IScalerModel : IDataTransformer
{
    /// <summary>Gets the per-column offsets subtracted before scaling.</summary>
    IReadOnlyList<double> Offsets { get; }

    /// <summary>Gets the per-column divisors; a constant column gets 1.</summary>
    IReadOnlyList<double> Scales { get; }

    /// <summary>Undoes <see cref="IDataTransformer.Transform"/>: <c>x = z * Scale + Offset</c>.</summary>
    /// <param name="data">Scaled data with the training columns.</param>
    /// <returns>A new matrix in original units.</returns>
    /// <exception cref="ArgumentException">The columns do not match the training data.</exception>
    FeatureMatrix<double> InverseTransform(FeatureMatrix<double> data);
}
