using Personalization.Internal;
using Personalization.Uplift.Forests.Internal;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>
/// A random forest (Breiman, 2001) of histogram regression trees: a regressor, or a classifier of
/// 0/1 targets predicting P(y = 1). Usable as the base learner of every meta-learner, with sample
/// weights for the R-learner. Multi-core and deterministic for a given seed, whatever the thread count.
/// </summary>
/// <remarks>
/// Features are cut into at most <see cref="RandomForestOptions.MaxBins"/> quantile bins (as in
/// <see cref="GradientBoosting"/>). Tree t draws its own sample (a bootstrap of
/// ⌈<see cref="RandomForestOptions.SampleFraction"/>·n⌉ rows with replacement, or a subsample without) and,
/// at every node, <see cref="RandomForestOptions.FeaturesPerSplit"/> candidate features, all from a
/// generator seeded by (<see cref="RandomForestOptions.Seed"/>, t). A row drawn c times has weight c
/// (times its sample weight). A node splits where Σ<sub>L</sub>²/W<sub>L</sub> + Σ<sub>R</sub>²/W<sub>R</sub> − Σ²/W is largest
/// (Σ = Σwy, W = Σw: weighted squared error; for 0/1 targets the same ordering as Gini impurity,
/// 2p(1 − p) being twice the variance), each side keeping
/// <see cref="RandomForestOptions.MinSamplesLeaf"/> distinct rows; a leaf holds Σ/W. The forest predicts
/// the mean of its trees. Trees are grown in parallel, each by one thread, and stored in tree order.
/// Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed partial class RandomForest(RandomForestOptions? options = null) : IWeightedBaseLearner
{
    /// <summary>Gets the hyperparameters.</summary>
    public RandomForestOptions Options { get; } = options ?? new RandomForestOptions();

    /// <inheritdoc />
    public bool IsClassifier => Options.Task == RandomForestTask.Classification;

    /// <inheritdoc />
    IBaseModel IBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken) =>
        Fit(features, target, cancellationToken);

    /// <inheritdoc />
    IBaseModel IWeightedBaseLearner.Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken) =>
        Fit(features, target, weights, cancellationToken);

    /// <summary>Fits a model of <paramref name="target"/> given <paramref name="features"/>.</summary>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row (0/1 for a classifier).</param>
    /// <param name="cancellationToken">Cancels the fit between trees.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, or a classifier target is not 0 or 1.</exception>
    public RandomForestModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
    {
        Validate(Options);
        LearnerChecks.FitInput(features, target, IsClassifier);
        return FitCore(features, target, default, cancellationToken);
    }

    /// <summary>Fits with a weight per row.</summary>
    /// <param name="features">The training rows.</param>
    /// <param name="target">One target per row (0/1 for a classifier).</param>
    /// <param name="weights">One finite, non-negative weight per row with a positive sum.</param>
    /// <param name="cancellationToken">Cancels the fit between trees.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, the lengths differ, a classifier target is not 0 or 1, or a weight is negative or not finite or all are 0.</exception>
    public RandomForestModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken = default)
    {
        Validate(Options);
        LearnerChecks.FitInput(features, target, IsClassifier);
        WeightChecks.Check(weights, features.RowCount);
        return FitCore(features, target, weights, cancellationToken);
    }

    internal static void Validate(RandomForestOptions o)
    {
        if (o.Task is not (RandomForestTask.Regression or RandomForestTask.Classification))
        {
            throw new ArgumentOutOfRangeException(nameof(o.Task), o.Task, "Task must be Regression or Classification.");
        }

        Validation.Guard.Positive(o.TreeCount, "TreeCount");
        Validation.Guard.InRange(o.MaxDepth, 1, 32, "MaxDepth");
        Validation.Guard.Positive(o.MinSamplesLeaf, "MinSamplesLeaf");
        Validation.Guard.InRange(o.FeaturesPerSplit, 0, int.MaxValue, "FeaturesPerSplit");
        if (double.IsNaN(o.SampleFraction) || o.SampleFraction <= 0 || o.SampleFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o.SampleFraction), o.SampleFraction, $"SampleFraction must be in (0, 1], but was {o.SampleFraction}.");
        }

        Validation.Guard.InRange(o.MaxBins, 2, 256, "MaxBins");
        Validation.Guard.InRange(o.MaxDegreeOfParallelism, 0, int.MaxValue, "MaxDegreeOfParallelism");
    }

    private RandomForestModel FitCore(FeatureMatrix<double> features, ReadOnlySpan<double> target, ReadOnlySpan<double> weights, CancellationToken cancellationToken)
    {
        RandomForestOptions o = Options;
        int n = features.RowCount, d = features.ColumnCount;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = o.MaxDegreeOfParallelism == 0 ? -1 : o.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        double[][] thresholds = FeatureBinner.Thresholds(features, o.MaxBins, parallel);
        byte[] bins = FeatureBinner.BinColumns(features, thresholds, parallel);
        double[] y = target.ToArray();
        double[]? sampleWeights = weights.IsEmpty ? null : weights.ToArray();
        int mtry = o.FeaturesPerSplit > 0 ? Math.Min(o.FeaturesPerSplit, d)
            : IsClassifier ? (int)Math.Ceiling(Math.Sqrt(d)) : (d + 2) / 3;
        int sampleSize = Math.Max(1, (int)Math.Ceiling(o.SampleFraction * n));
        var trees = new ForestTreeBuilder[o.TreeCount];
        var inBag = new ulong[o.TreeCount][];
        ChunkParallel.For(o.TreeCount, parallel, t =>
        {
            var rng = new Random(unchecked((o.Seed * 1_000_003) + t));
            var w = new double[n];
            if (o.Bootstrap)
            {
                for (int i = 0; i < sampleSize; i++)
                {
                    w[rng.Next(n)] += 1;
                }
            }
            else
            {
                int[] permutation = new int[n];
                for (int i = 0; i < n; i++)
                {
                    permutation[i] = i;
                }

                for (int i = 0; i < sampleSize; i++)
                {
                    int j = rng.Next(i, n);
                    (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
                    w[permutation[i]] = 1;
                }
            }

            int count = 0;
            for (int r = 0; r < n; r++)
            {
                if (sampleWeights is not null)
                {
                    w[r] *= sampleWeights[r];
                }

                if (w[r] > 0)
                {
                    count++;
                }
            }

            var rows = new int[count];
            int next = 0;
            for (int r = 0; r < n; r++)
            {
                if (w[r] > 0)
                {
                    rows[next++] = r;
                }
            }

            inBag[t] = InBag(w);
            var builder = new ForestTreeBuilder(bins, n, thresholds, y, w, o.MaxDepth, o.MinSamplesLeaf, mtry, rng);
            builder.Grow(rows);
            trees[t] = builder;
        });

        ForestNodes nodes = ForestNodes.Concatenate([.. trees.Select(tree => tree.Nodes)]);
        double[] value = [.. trees.SelectMany(tree => tree.Value)];
        var model = new RandomForestModel(o, d, nodes.Roots, nodes.Feature, nodes.Threshold, nodes.Left, nodes.Right, value, double.NaN);
        return model.WithOutOfBagError(OutOfBagError(model, features, y, inBag, parallel));
    }
}
