using Personalization.Internal;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>
/// Histogram gradient boosting of depth-wise regression trees (second-order, as LightGBM and
/// scikit-learn's HistGradientBoosting): a regressor with squared error or a classifier with
/// log-loss. Multi-core and deterministic for a given seed, whatever the thread count.
/// </summary>
/// <remarks>
/// Features are cut into at most <see cref="GradientBoostingOptions.MaxBins"/> quantile bins. Each
/// round computes gradients g and hessians h of the loss at the current raw score F, grows a tree
/// whose split maximizes G<sub>L</sub>²/(H<sub>L</sub>+λ) + G<sub>R</sub>²/(H<sub>R</sub>+λ) − G²/(H+λ),
/// and adds leaf values −η·G/(H+λ). Squared error: g = F − y, h = 1, F<sub>0</sub> = mean(y).
/// Log-loss: p = σ(F), g = p − y, h = p(1 − p), F<sub>0</sub> = logit(mean(y)).
/// Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed partial class GradientBoosting(GradientBoostingOptions? options = null) : IWeightedBaseLearner
{
    /// <summary>Gets the hyperparameters.</summary>
    public GradientBoostingOptions Options { get; } = options ?? new GradientBoostingOptions();

    /// <inheritdoc />
    public bool IsClassifier => Options.Objective == GradientBoostingObjective.Logistic;

    /// <inheritdoc />
    IBaseModel IBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken) =>
        Fit(features, target, cancellationToken);

    /// <summary>Fits a model of <paramref name="target"/> given <paramref name="features"/>.</summary>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row (0/1 for the logistic objective).</param>
    /// <param name="cancellationToken">Cancels the fit between trees.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or a logistic target is not 0 or 1.</exception>
    public GradientBoostingModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
    {
        Validate(Options);
        LearnerChecks.FitInput(features, target, IsClassifier);
        return FitCore(features, target, default, cancellationToken);
    }

    private GradientBoostingModel FitCore(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken)
    {
        GradientBoostingOptions o = Options;
        bool weighted = !weights.IsEmpty;
        int n = features.RowCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism == 0 ? -1 : o.MaxDegreeOfParallelism };
        byte[] bins = FeatureBinner.Bin(features, o.MaxBins, parallel, out double[][] thresholds);

        double mean = 0, weightSum = 0;
        for (int r = 0; r < n; r++)
        {
            double w = weighted ? weights[r] : 1;
            mean += w * target[r];
            weightSum += w;
        }

        mean /= weightSum;
        double[]? w0 = weighted ? weights.ToArray() : null;
        bool logistic = IsClassifier;
        double baseScore = logistic ? Math.Log(Math.Clamp(mean, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(mean, 1e-6, 1 - 1e-6))) : mean;
        double[] y0 = target.ToArray();
        var raw = new double[n];
        Array.Fill(raw, baseScore);
        var gh = new double[2 * n];
        int sampleSize = Math.Max(1, (int)Math.Round(o.Subsample * n));
        var rows = new int[n];
        var permutation = new int[n];
        for (int i = 0; i < n; i++)
        {
            permutation[i] = i;
        }

        var rng = new Random(o.Seed);
        var builder = new HistogramTreeBuilder(bins, n, thresholds, o, parallel);
        var roots = new int[o.TreeCount];
        for (int t = 0; t < o.TreeCount; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Gradients(logistic, raw, y0, w0, gh, parallel);
            int count = n;
            if (sampleSize < n)
            {
                for (int i = 0; i < sampleSize; i++)
                {
                    int j = rng.Next(i, n);
                    (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
                }

                Array.Copy(permutation, rows, sampleSize);
                Array.Sort(rows, 0, sampleSize);
                count = sampleSize;
            }
            else
            {
                // Without sampling the permutation is never shuffled: the rows are 0..n-1 in order.
                Array.Copy(permutation, rows, n);
            }

            if (count == n)
            {
                roots[t] = builder.Grow(gh, rows, count, raw);
            }
            else
            {
                roots[t] = builder.Grow(gh, rows, count, null);
                builder.AddTreeToRaw(roots[t], raw);
            }
        }

        return new GradientBoostingModel(
            o,
            features.ColumnCount,
            baseScore,
            roots,
            [.. builder.Feature],
            [.. builder.Threshold],
            [.. builder.Left],
            [.. builder.Right],
            [.. builder.Value]);
    }

    /// <summary>Writes row r's gradient to gh[2r] and hessian to gh[2r + 1] at the raw scores (row chunks in parallel; each row's values do not depend on the chunking).</summary>
    private static void Gradients(bool logistic, double[] raw, double[] y, double[]? weights, double[] gh, ParallelOptions parallel)
    {
        const int Chunk = 16384;
        int n = raw.Length;
        int chunks = (n + Chunk - 1) / Chunk;
        if (chunks == 1)
        {
            GradientChunk(logistic, raw, y, weights, gh, 0, n);
            return;
        }

        ChunkParallel.For(chunks, parallel, c => GradientChunk(logistic, raw, y, weights, gh, c * Chunk, Math.Min(n, (c + 1) * Chunk)));
    }

    private static void GradientChunk(bool logistic, double[] raw, double[] y, double[]? weights, double[] gh, int start, int end)
    {
        for (int r = start; r < end; r++)
        {
            double g, h;
            if (logistic)
            {
                // LogisticRegression.Sigmoid with one exponential: e^-|x| is e^-x for x >= 0 and e^x below.
                double x = raw[r];
                double e = Math.Exp(-Math.Abs(x));
                double p = (x >= 0 ? 1 : e) / (1 + e);
                g = p - y[r];
                h = Math.Max(p * (1 - p), 1e-16);
            }
            else
            {
                g = raw[r] - y[r];
                h = 1;
            }

            if (weights is not null)
            {
                g *= weights[r];
                h *= weights[r];
            }

            gh[2 * r] = g;
            gh[(2 * r) + 1] = h;
        }
    }

    internal static void Validate(GradientBoostingOptions o)
    {
        if (o.Objective is not (GradientBoostingObjective.SquaredError or GradientBoostingObjective.Logistic))
        {
            throw new ArgumentOutOfRangeException(nameof(o.Objective), o.Objective, "Objective must be SquaredError or Logistic.");
        }

        Validation.Guard.Positive(o.TreeCount, "TreeCount");
        if (double.IsNaN(o.LearningRate) || o.LearningRate <= 0 || o.LearningRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o.LearningRate), o.LearningRate, $"LearningRate must be in (0, 1], but was {o.LearningRate}.");
        }

        Validation.Guard.InRange(o.MaxDepth, 1, 16, "MaxDepth");
        Validation.Guard.Positive(o.MinSamplesLeaf, "MinSamplesLeaf");
        Validation.Guard.NonNegative(o.L2Regularization, "L2Regularization");
        Validation.Guard.InRange(o.MaxBins, 2, 256, "MaxBins");
        if (double.IsNaN(o.Subsample) || o.Subsample <= 0 || o.Subsample > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o.Subsample), o.Subsample, $"Subsample must be in (0, 1], but was {o.Subsample}.");
        }

        Validation.Guard.InRange(o.MaxDegreeOfParallelism, 0, int.MaxValue, "MaxDegreeOfParallelism");
    }
}
