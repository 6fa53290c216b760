using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>Ridge regression (ordinary least squares when <see cref="RidgeRegressionOptions.Alpha"/> is 0), a regressor base learner.</summary>
/// <remarks>
/// Minimizes Σ (y − b − x·w)² + α‖w‖² on standardized features (population standard deviation),
/// solving the normal equations by Cholesky; the coefficients are mapped back to the raw scale.
/// Deterministic. Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed partial class RidgeRegression(RidgeRegressionOptions? options = null) : IWeightedBaseLearner
{
    /// <summary>Gets the hyperparameters.</summary>
    public RidgeRegressionOptions Options { get; } = options ?? new RidgeRegressionOptions();

    /// <inheritdoc />
    public bool IsClassifier => false;

    /// <inheritdoc />
    IBaseModel IBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken) =>
        Fit(features, target, cancellationToken);

    /// <summary>Fits a model of <paramref name="target"/> given <paramref name="features"/>.</summary>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RidgeRegressionOptions.Alpha"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, or the lengths differ.</exception>
    public RidgeRegressionModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        LearnerChecks.FitInput(features, target, classifier: false);
        return FitCore(features, target, default, cancellationToken);
    }

    private RidgeRegressionModel FitCore(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken)
    {
        double alpha = Options.Alpha;
        cancellationToken.ThrowIfCancellationRequested();
        int n = features.RowCount, d = features.ColumnCount, p = d + 1;
        var mean = new double[d];
        var scale = new double[d];
        Standardizer.Compute(features, mean, scale);
        double[] z = Standardizer.DesignWithIntercept(features, mean, scale);
        var gram = new double[p * p];
        LinearAlgebra.WeightedGram(z, n, p, weights, gram);
        var rhs = new double[p];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < p; i++)
            {
                rhs[i] += z[(r * p) + i] * (weights.IsEmpty ? target[r] : weights[r] * target[r]);
            }
        }

        for (int j = 1; j < p; j++)
        {
            gram[(j * p) + j] += alpha;
        }

        double[] w = LinearAlgebra.SolveSymmetric(gram, rhs, p);
        LinearModelMath.ToRawScale(w, mean, scale, out double intercept, out double[] coefficients);
        return new RidgeRegressionModel(Options, intercept, coefficients);
    }
}
