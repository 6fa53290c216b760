using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>L2-regularized logistic regression fitted by Newton's method (IRLS), a classifier base learner.</summary>
/// <remarks>
/// Minimizes Σ [−y log p − (1 − y) log(1 − p)] + (α/2)‖w‖², p = σ(b + z·w), on standardized
/// features z. Each step solves (Zᵀ W Z + αI) Δ = −∇ with W = diag(p(1 − p)) and halves the step
/// while the penalized loss increases. Deterministic. Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class LogisticRegression(LogisticRegressionOptions? options = null) : IBaseLearner
{
    /// <summary>Gets the hyperparameters.</summary>
    public LogisticRegressionOptions Options { get; } = options ?? new LogisticRegressionOptions();

    /// <inheritdoc />
    public bool IsClassifier => true;

    /// <inheritdoc />
    IBaseModel IBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken) =>
        Fit(features, target, cancellationToken);

    /// <summary>Fits a model of <paramref name="target"/> given <paramref name="features"/>.</summary>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One 0/1 target per row.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or a target is not 0 or 1.</exception>
    public LogisticRegressionModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
    {
        LogisticRegressionOptions o = Options;
        o.Validate();
        LearnerChecks.FitInput(features, target, classifier: true);
        int n = features.RowCount, d = features.ColumnCount, p = d + 1;
        var mean = new double[d];
        var scale = new double[d];
        Standardizer.Compute(features, mean, scale);
        double[] z = Standardizer.DesignWithIntercept(features, mean, scale);

        var w = new double[p];
        double rate = 0;
        foreach (double y in target)
        {
            rate += y;
        }

        rate = Math.Clamp(rate / n, 1e-6, 1 - 1e-6);
        w[0] = Math.Log(rate / (1 - rate));

        var eta = new double[n];
        var weight = new double[n];
        var gram = new double[p * p];
        var gradient = new double[p];
        var trial = new double[p];
        double loss = Loss(z, n, p, w, target, o.Alpha, eta);
        int iterations = 0;
        bool converged = false;
        while (iterations < o.MaxIterations && !converged)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            Array.Clear(gradient);
            for (int r = 0; r < n; r++)
            {
                double prob = Sigmoid(eta[r]);
                weight[r] = Math.Max(prob * (1 - prob), 1e-12);
                double residual = prob - target[r];
                for (int i = 0; i < p; i++)
                {
                    gradient[i] += z[(r * p) + i] * residual;
                }
            }

            LinearAlgebra.WeightedGram(z, n, p, weight, gram);
            for (int j = 1; j < p; j++)
            {
                gradient[j] += o.Alpha * w[j];
                gram[(j * p) + j] += o.Alpha;
            }

            double[] step = LinearAlgebra.SolveSymmetric(gram, gradient, p);
            double factor = 1;
            double newLoss = double.PositiveInfinity;
            for (int halving = 0; halving < 30; halving++)
            {
                for (int i = 0; i < p; i++)
                {
                    trial[i] = w[i] - (factor * step[i]);
                }

                newLoss = Loss(z, n, p, trial, target, o.Alpha, eta);
                if (newLoss <= loss + (1e-12 * Math.Abs(loss)))
                {
                    break;
                }

                factor /= 2;
            }

            double change = 0;
            for (int i = 0; i < p; i++)
            {
                change = Math.Max(change, Math.Abs(trial[i] - w[i]));
            }

            Array.Copy(trial, w, p);
            converged = change < o.Tolerance || Math.Abs(loss - newLoss) <= 1e-14 * Math.Max(1, Math.Abs(loss));
            loss = newLoss;
        }

        LinearModelMath.ToRawScale(w, mean, scale, out double intercept, out double[] coefficients);
        return new LogisticRegressionModel(o, intercept, coefficients, iterations, converged);
    }

    internal static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>Penalized log-loss; fills <paramref name="eta"/> with the linear predictor.</summary>
    private static double Loss(double[] z, int n, int p, double[] w, ReadOnlySpan<double> y, double alpha, double[] eta)
    {
        double loss = 0;
        for (int r = 0; r < n; r++)
        {
            double e = System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<double>(z, r * p, p), w);
            eta[r] = e;

            // log(1 + exp(e)) - y e, computed stably.
            double softplus = e > 0 ? e + double.LogP1(Math.Exp(-e)) : double.LogP1(Math.Exp(e));
            loss += softplus - (y[r] * e);
        }

        double penalty = 0;
        for (int j = 1; j < p; j++)
        {
            penalty += w[j] * w[j];
        }

        return loss + (alpha * penalty / 2);
    }
}
