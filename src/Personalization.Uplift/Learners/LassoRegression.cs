using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>
/// Lasso (L1) or elastic-net regression fitted by coordinate descent, with the penalty chosen by seeded K-fold
/// cross-validation unless set: a sparse linear regressor base learner, for example the final stage of an R- or
/// DR-learner when the effect depends on a few of the features.
/// </summary>
/// <remarks>
/// <para>
/// Minimizes (1/(2Σw))·Σ w<sub>i</sub>(y<sub>i</sub> − b − z<sub>i</sub>·β)² + α·ρ‖β‖₁ + α·(1 − ρ)/2·‖β‖² (scikit-learn's
/// ElasticNet objective, with sample weights) on the features standardized with their weighted mean and weighted population standard
/// deviation (so integer weights give the model of repeated rows); the intercept is not penalized and the coefficients are mapped back to the raw scale. The descent runs
/// on the weighted Gram matrix, so a fit costs O(n·d²) once plus O(d²) per sweep.
/// </para>
/// <para>
/// With <see cref="LassoRegressionOptions.Alpha"/> unset the penalty is chosen as scikit-learn's LassoCV does: a grid of
/// <see cref="LassoRegressionOptions.AlphaCount"/> penalties log-spaced from α<sub>max</sub> = max<sub>j</sub>|Σw z<sub>j</sub>(y − ȳ)|/(ρΣw) (every
/// coefficient 0) down to <see cref="LassoRegressionOptions.AlphaRatio"/>·α<sub>max</sub>, each fold's path fitted with warm starts on
/// the other folds, and the penalty with the smallest held-out weighted squared error refitted on all rows. Folds are
/// a seeded random assignment of the rows (LassoCV's default folds are contiguous).
/// </para>
/// Deterministic. Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed partial class LassoRegression(LassoRegressionOptions? options = null) : IWeightedBaseLearner
{
    /// <summary>Gets the hyperparameters.</summary>
    public LassoRegressionOptions Options { get; } = options ?? new LassoRegressionOptions();

    /// <inheritdoc />
    public bool IsClassifier => false;

    /// <inheritdoc />
    IBaseModel IBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken) =>
        Fit(features, target, cancellationToken);

    /// <inheritdoc />
    IBaseModel IWeightedBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken) =>
        Fit(features, target, weights, cancellationToken);

    /// <summary>Fits a model of <paramref name="target"/> given <paramref name="features"/>.</summary>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or the penalty is cross-validated and there are fewer rows than folds.</exception>
    public LassoRegressionModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        LearnerChecks.FitInput(features, target, classifier: false);
        CheckRows(features.RowCount);
        return FitCore(features, target, default, cancellationToken);
    }

    /// <summary>Fits with one weight per row.</summary>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row.</param>
    /// <param name="weights">One finite, non-negative weight per row with a positive sum.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, a weight is negative or not finite or all are 0, or the penalty is cross-validated and there are fewer rows than folds.</exception>
    public LassoRegressionModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        LearnerChecks.FitInput(features, target, classifier: false);
        WeightChecks.Check(weights, features.RowCount);
        CheckRows(features.RowCount);
        return FitCore(features, target, weights, cancellationToken);
    }

    private void CheckRows(int rows)
    {
        if (Options.Alpha is null && rows < Options.FoldCount)
        {
            throw new ArgumentException($"The penalty is chosen by {Options.FoldCount}-fold cross-validation, which needs at least {Options.FoldCount} rows, but there are {rows}; set Alpha or lower FoldCount.", "features");
        }
    }

    private LassoRegressionModel FitCore(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken)
    {
        LassoRegressionOptions o = Options;
        int n = features.RowCount, d = features.ColumnCount;
        var mean = new double[d];
        var scale = new double[d];
        WeightedStandardize(features, weights, mean, scale);
        int folds = o.Alpha is null ? o.FoldCount : 1;
        int[] fold = folds == 1 ? new int[n] : Folds(n, folds, o.Seed);
        MomentSums[] perFold = MomentSums.Accumulate(features, target, weights, mean, scale, fold, folds);
        MomentSums all = MomentSums.Total(perFold, d);
        double ridgeShare = 1 - o.L1Ratio;
        double alpha;
        double[] beta = new double[d];
        if (o.Alpha is double fixedAlpha)
        {
            alpha = fixedAlpha;
            all.Normal(out double[] gram, out double[] c);
            Descend(gram, c, d, alpha * o.L1Ratio, alpha * ridgeShare, beta, o.MaxIterations, o.Tolerance);
        }
        else
        {
            double[] grid = Grid(all, d, o);
            var error = new double[grid.Length];
            for (int f = 0; f < folds; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MomentSums train = all.Minus(perFold[f]);
                if (!(train.Weight > 0) || !(perFold[f].Weight > 0))
                {
                    continue;
                }

                train.Normal(out double[] gram, out double[] c);
                var path = new double[d];
                for (int k = 0; k < grid.Length; k++)
                {
                    Descend(gram, c, d, grid[k] * o.L1Ratio, grid[k] * ridgeShare, path, o.MaxIterations, o.Tolerance);
                    error[k] += perFold[f].SquaredError(train.Intercept(path), path);
                }
            }

            int best = 0;
            for (int k = 1; k < grid.Length; k++)
            {
                if (error[k] < error[best])
                {
                    best = k;
                }
            }

            alpha = grid[best];
            all.Normal(out double[] fullGram, out double[] fullC);
            for (int k = 0; k <= best; k++)
            {
                Descend(fullGram, fullC, d, grid[k] * o.L1Ratio, grid[k] * ridgeShare, beta, o.MaxIterations, o.Tolerance);
            }
        }

        var w = new double[d + 1];
        w[0] = all.Intercept(beta);
        beta.CopyTo(w, 1);
        LinearModelMath.ToRawScale(w, mean, scale, out double intercept, out double[] coefficients);
        return new LassoRegressionModel(o, alpha, intercept, coefficients);
    }

    /// <summary>Weighted column means and population standard deviations (weights empty: all 1); a constant column gets scale 1.</summary>
    private static void WeightedStandardize(FeatureMatrix<double> x, ReadOnlySpan<double> weights, double[] mean, double[] scale)
    {
        int n = x.RowCount, d = x.ColumnCount;
        ReadOnlySpan<double> v = x.AsSpan();
        double total = 0;
        for (int r = 0; r < n; r++)
        {
            double w = weights.IsEmpty ? 1 : weights[r];
            total += w;
            for (int j = 0; j < d; j++)
            {
                mean[j] += w * v[(r * d) + j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= total;
        }

        for (int r = 0; r < n; r++)
        {
            double w = weights.IsEmpty ? 1 : weights[r];
            for (int j = 0; j < d; j++)
            {
                double c = v[(r * d) + j] - mean[j];
                scale[j] += w * c * c;
            }
        }

        for (int j = 0; j < d; j++)
        {
            double s = Math.Sqrt(scale[j] / total);
            scale[j] = s > 1e-12 ? s : 1;
        }
    }

    /// <summary>A seeded random assignment of the rows to <paramref name="folds"/> folds of (almost) equal size.</summary>
    private static int[] Folds(int n, int folds, int seed)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        var fold = new int[n];
        for (int i = 0; i < n; i++)
        {
            fold[order[i]] = i % folds;
        }

        return fold;
    }

    /// <summary>The penalties α<sub>max</sub>·ratio^(k/(K − 1)), k = 0..K − 1, largest first.</summary>
    private static double[] Grid(MomentSums all, int d, LassoRegressionOptions o)
    {
        all.Normal(out _, out double[] c);
        double max = 0;
        for (int j = 0; j < d; j++)
        {
            max = Math.Max(max, Math.Abs(c[j]));
        }

        max /= o.L1Ratio;
        if (!(max > 0))
        {
            max = 1;
        }

        var grid = new double[o.AlphaCount];
        for (int k = 0; k < grid.Length; k++)
        {
            grid[k] = max * Math.Pow(o.AlphaRatio, k / (double)(grid.Length - 1));
        }

        return grid;
    }

    /// <summary>
    /// Cyclic coordinate descent on ½βᵀGβ − cᵀβ + l1‖β‖₁ + l2/2‖β‖², starting from (and overwriting) <paramref name="beta"/>.
    /// </summary>
    private static void Descend(double[] gram, double[] c, int d, double l1, double l2, double[] beta, int maxIterations, double tolerance)
    {
        var g = new double[d];
        for (int j = 0; j < d; j++)
        {
            double s = 0;
            for (int k = 0; k < d; k++)
            {
                s += gram[(j * d) + k] * beta[k];
            }

            g[j] = s;
        }

        for (int sweep = 0; sweep < maxIterations; sweep++)
        {
            double maxDelta = 0, maxAbs = 0;
            for (int j = 0; j < d; j++)
            {
                double gjj = gram[(j * d) + j];
                double denominator = gjj + l2;
                double old = beta[j];
                double updated = 0;
                if (denominator > 0)
                {
                    double rho = c[j] - g[j] + (gjj * old);
                    updated = Math.Sign(rho) * Math.Max(Math.Abs(rho) - l1, 0) / denominator;
                }

                double delta = updated - old;
                if (delta != 0)
                {
                    beta[j] = updated;
                    for (int k = 0; k < d; k++)
                    {
                        g[k] += gram[(k * d) + j] * delta;
                    }
                }

                maxDelta = Math.Max(maxDelta, Math.Abs(delta));
                maxAbs = Math.Max(maxAbs, Math.Abs(updated));
            }

            if (maxDelta <= tolerance * maxAbs)
            {
                return;
            }
        }
    }
}
