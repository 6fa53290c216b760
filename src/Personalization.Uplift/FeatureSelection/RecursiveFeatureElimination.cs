namespace Personalization.Uplift.Learners;

/// <summary>
/// Recursive feature elimination with cross-validation over any base learner (scikit-learn's <c>RFECV</c>):
/// fit, drop the least important features, refit, and keep the feature count with the best cross-validated score.
/// </summary>
/// <remarks>
/// In each of <see cref="RecursiveFeatureEliminationOptions.FoldCount"/> seeded folds (stratified by label for a
/// classifier), elimination runs on the other folds: the learner is fitted on the current features, scored on the
/// held-out fold, and the <see cref="RecursiveFeatureEliminationOptions.Step"/> least important features are dropped
/// (ties: the lower column first), down to <see cref="RecursiveFeatureEliminationOptions.MinFeatureCount"/>. The score
/// is R² = 1 − SS<sub>res</sub>/SS<sub>tot</sub> for a regressor (1 or 0 when the fold's target is constant, as
/// scikit-learn) and ROC AUC (<see cref="ClassificationMetrics.RocAucScore"/>) for a classifier. The feature count with
/// the best mean score over folds wins (the fewer features on a tie); elimination then runs on all rows down to that
/// count and the learner is refitted on the chosen columns.
/// <para>
/// Importance: for <see cref="RidgeRegressionModel"/> and <see cref="LogisticRegressionModel"/>, |coefficient| times the
/// feature's standard deviation on the training rows (the coefficient on the standardized scale); for every other
/// model, the permutation importance on the training rows — the score lost when the feature's column is shuffled
/// (one seeded permutation per feature and step). Cost: FoldCount + 1 eliminations of about d/Step fits each, plus
/// one prediction per feature and step for permutation importances. Stateless and thread-safe; the result depends
/// only on the data, the options and the seed.
/// </para>
/// </remarks>
/// <param name="options">The hyperparameters; <see cref="RecursiveFeatureEliminationOptions.Learner"/> must be set.</param>
public sealed class RecursiveFeatureElimination(RecursiveFeatureEliminationOptions options)
{
    private const int MaxFolds = 20;

    /// <summary>Gets the hyperparameters.</summary>
    public RecursiveFeatureEliminationOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Chooses features by cross-validated recursive elimination and refits the learner on them.</summary>
    /// <param name="features">The rows (at least two features).</param>
    /// <param name="target">One target per row (0/1 when the learner is a classifier).</param>
    /// <param name="cancellationToken">Cancels between fits.</param>
    /// <returns>The chosen features, the score of every feature count and the refitted learner.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="RecursiveFeatureEliminationOptions.Learner"/> is null; the data is empty or not finite; the lengths differ; a classifier target is not 0 or 1, or a class has fewer rows than folds; a regressor has fewer than two rows per fold.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RecursiveFeatureEliminationOptions.FoldCount"/> is not in 2..20, <see cref="RecursiveFeatureEliminationOptions.Step"/> is less than 1, or <see cref="RecursiveFeatureEliminationOptions.MinFeatureCount"/> is not between 1 and the number of features.</exception>
    public RecursiveFeatureEliminationResult Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        RecursiveFeatureEliminationOptions o = Options;
        IBaseLearner learner = o.Learner ?? throw new ArgumentException("Options.Learner is null; give the base learner whose features are to be selected.", "options");
        Validation.Guard.InRange(o.FoldCount, 2, MaxFolds, "FoldCount");
        Validation.Guard.InRange(o.Step, 1, int.MaxValue, "Step");
        features.ThrowIfEmptyOrNotFinite(nameof(features));
        Validation.Guard.SameLength(target.Length, features.RowCount, nameof(target), nameof(features) + " rows");
        Validation.Guard.AllFinite(target);
        int d = features.ColumnCount;
        Validation.Guard.InRange(o.MinFeatureCount, 1, d, "MinFeatureCount");
        bool classifier = learner.IsClassifier;
        double[] y = target.ToArray();
        int[] fold = Folds(y, classifier, o.FoldCount, o.Seed);

        int[] countsDescending = Counts(d, o.Step, o.MinFeatureCount);
        var scores = new double[countsDescending.Length][];
        for (int c = 0; c < scores.Length; c++)
        {
            scores[c] = new double[o.FoldCount];
        }

        var ranking = new int[d];
        for (int k = 0; k < o.FoldCount; k++)
        {
            int[] trainRows = Rows(fold, k, inFold: false);
            int[] testRows = Rows(fold, k, inFold: true);
            FeatureMatrix<double> xTrain = features.SelectRows(trainRows);
            FeatureMatrix<double> xTest = features.SelectRows(testRows);
            double[] yTrain = Gather(y, trainRows);
            double[] yTest = Gather(y, testRows);
            int step = 0;
            Eliminate(learner, xTrain, yTrain, o.MinFeatureCount, o.Step, unchecked(o.Seed + (104_729 * (k + 1))), ranking, (support, model) =>
            {
                scores[step++][k] = Score(model, xTest.SelectColumns(support), yTest, classifier);
            }, cancellationToken);
        }

        int n = countsDescending.Length;
        var counts = new int[n];
        var mean = new double[n];
        var sd = new double[n];
        for (int i = 0; i < n; i++)
        {
            int c = n - 1 - i; // ascending feature counts
            counts[i] = countsDescending[c];
            mean[i] = scores[c].Average();
            double ss = 0;
            foreach (double s in scores[c])
            {
                ss += (s - mean[i]) * (s - mean[i]);
            }

            sd[i] = Math.Sqrt(ss / (o.FoldCount - 1));
        }

        int best = 0;
        for (int i = 1; i < n; i++)
        {
            if (mean[i] > mean[best])
            {
                best = i;
            }
        }

        IBaseModel? final = null;
        int[] selected = Eliminate(learner, features, y, counts[best], o.Step, o.Seed, ranking, (_, model) => final = model, cancellationToken);
        var names = new string[selected.Length];
        for (int i = 0; i < selected.Length; i++)
        {
            names[i] = features.ColumnNames[selected[i]];
        }

        return new RecursiveFeatureEliminationResult(o, selected, names, ranking, counts, mean, sd, final!);
    }

    /// <summary>The feature counts visited, descending: d, d − step, ..., down to (and including) the minimum.</summary>
    internal static int[] Counts(int d, int step, int min)
    {
        var counts = new List<int>();
        for (int c = d; ; c = Math.Max(c - step, min))
        {
            counts.Add(c);
            if (c == min)
            {
                break;
            }
        }

        return [.. counts];
    }

    /// <summary>
    /// Eliminates features down to <paramref name="stopAt"/>; <paramref name="evaluate"/> sees every fitted support
    /// (largest first). Fills <paramref name="ranking"/> (1 = kept) and returns the kept columns, ascending.
    /// </summary>
    private static int[] Eliminate(IBaseLearner learner, FeatureMatrix<double> x, double[] y, int stopAt, int step, int seed, int[] ranking, Action<int[], IBaseModel> evaluate, CancellationToken cancellationToken)
    {
        int d = x.ColumnCount;
        Array.Fill(ranking, 1);
        int[] support = [.. Enumerable.Range(0, d)];
        for (int iteration = 0; ; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FeatureMatrix<double> xs = x.SelectColumns(support);
            IBaseModel model = learner.Fit(xs, y, cancellationToken);
            evaluate(support, model);
            if (support.Length <= stopAt)
            {
                return support;
            }

            double[] importance = Importance(model, xs, y, learner.IsClassifier, unchecked((seed * 31) + iteration));
            int[] order = [.. Enumerable.Range(0, support.Length)];
            Array.Sort(order, (a, b) =>
            {
                int c = importance[a].CompareTo(importance[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
            int drop = Math.Min(step, support.Length - stopAt);
            var removed = new bool[support.Length];
            for (int i = 0; i < drop; i++)
            {
                removed[order[i]] = true;
            }

            var kept = new List<int>(support.Length - drop);
            for (int i = 0; i < support.Length; i++)
            {
                if (!removed[i])
                {
                    kept.Add(support[i]);
                }
            }

            support = [.. kept];
            var inSupport = new bool[d];
            foreach (int c in support)
            {
                inSupport[c] = true;
            }

            for (int c = 0; c < d; c++)
            {
                ranking[c] += inSupport[c] ? 0 : 1;
            }
        }
    }

    private static double[] Importance(IBaseModel model, FeatureMatrix<double> x, double[] y, bool classifier, int seed)
    {
        int n = x.RowCount, d = x.ColumnCount;
        ReadOnlySpan<double> coefficients = model switch
        {
            RidgeRegressionModel ridge => ridge.Coefficients,
            LogisticRegressionModel logistic => logistic.Coefficients,
            _ => default,
        };
        var importance = new double[d];
        if (coefficients.Length == d)
        {
            for (int j = 0; j < d; j++)
            {
                importance[j] = Math.Abs(coefficients[j]) * StandardDeviation(x.GetColumn(j));
            }

            return importance;
        }

        double baseline = Score(model, x, y, classifier);
        ReadOnlySpan<double> values = x.AsSpan();
        for (int j = 0; j < d; j++)
        {
            double[] column = x.GetColumn(j);
            new Random(unchecked((seed * 8191) + j)).Shuffle(column);
            double[] permuted = values.ToArray();
            for (int r = 0; r < n; r++)
            {
                permuted[(r * d) + j] = column[r];
            }

            importance[j] = baseline - Score(model, FeatureMatrix<double>.FromOwnedArray(permuted, n, d), y, classifier);
        }

        return importance;
    }

    private static double Score(IBaseModel model, FeatureMatrix<double> x, double[] y, bool classifier)
    {
        var prediction = new double[x.RowCount];
        model.Predict(x, prediction);
        if (classifier)
        {
            return ClassificationMetrics.RocAucScore(y, prediction);
        }

        double mean = y.Average();
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < y.Length; i++)
        {
            ssRes += (y[i] - prediction[i]) * (y[i] - prediction[i]);
            ssTot += (y[i] - mean) * (y[i] - mean);
        }

        return ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - (ssRes / ssTot);
    }

    private static double StandardDeviation(double[] v)
    {
        double mean = v.Average();
        double ss = 0;
        foreach (double x in v)
        {
            ss += (x - mean) * (x - mean);
        }

        return Math.Sqrt(ss / v.Length);
    }

    /// <summary>Seeded folds: a classifier's rows are dealt per class (each class needs FoldCount rows); a regressor's all together.</summary>
    private static int[] Folds(double[] y, bool classifier, int foldCount, int seed)
    {
        var fold = new int[y.Length];
        if (!classifier)
        {
            if (y.Length < 2 * foldCount)
            {
                throw new ArgumentException($"target has {y.Length} rows but {foldCount} folds need at least {2 * foldCount} (two per held-out fold); use fewer folds or add data.", "target");
            }

            Deal([.. Enumerable.Range(0, y.Length)], fold, foldCount, seed);
            return fold;
        }

        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] != 0 && y[i] != 1)
            {
                throw new ArgumentException($"target[{i}] is {y[i]}; the learner is a classifier and needs targets of 0 or 1.", "target");
            }
        }

        for (int label = 0; label <= 1; label++)
        {
            int[] rows = [.. Enumerable.Range(0, y.Length).Where(i => y[i] == label)];
            if (rows.Length < foldCount)
            {
                throw new ArgumentException($"Class {label} has {rows.Length} rows, fewer than the {foldCount} folds; every held-out fold needs both classes. Use fewer folds or add data.", "target");
            }

            Deal(rows, fold, foldCount, unchecked(seed + (7919 * label)));
        }

        return fold;
    }

    private static void Deal(int[] rows, int[] fold, int foldCount, int seed)
    {
        new Random(seed).Shuffle(rows);
        for (int i = 0; i < rows.Length; i++)
        {
            fold[rows[i]] = i % foldCount;
        }
    }

    private static int[] Rows(int[] fold, int k, bool inFold) => [.. Enumerable.Range(0, fold.Length).Where(r => (fold[r] == k) == inFold)];

    private static double[] Gather(double[] values, int[] rows)
    {
        var result = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }
}
