using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Internal;

/// <summary>
/// Cross-fitting of nuisance models (Chernozhukov et al., 2018): rows are split into K seeded
/// folds stratified by arm, and the nuisance prediction of a row in fold k comes from a model
/// fitted on the rows of the other folds only.
/// </summary>
internal static class CrossFitting
{
    public const int MinFolds = 2;
    public const int MaxFolds = 20;

    /// <summary>Validates the fold count of a learner that cross-fits.</summary>
    public static void CheckFoldCount(int foldCount) => Validation.Guard.InRange(foldCount, MinFolds, MaxFolds, "FoldCount");

    /// <summary>
    /// The fold of every row: within each arm the rows are shuffled with a seeded generator and
    /// dealt to folds in turn, so every fold holds ⌊n<sub>k</sub>/K⌋ or ⌈n<sub>k</sub>/K⌉ rows of arm k.
    /// </summary>
    /// <exception cref="ArgumentException">An arm has fewer rows than folds.</exception>
    public static int[] Folds(UpliftData data, int foldCount, int seed)
    {
        int[][] byArm = MetaLearnerSupport.RowsByArm(data);
        var fold = new int[data.Count];
        for (int a = 0; a < byArm.Length; a++)
        {
            int[] rows = byArm[a];
            if (rows.Length < foldCount)
            {
                throw new ArgumentException($"Arm {a} ('{data.ArmNames[a]}') has {rows.Length} rows, fewer than the {foldCount} cross-fitting folds; use fewer folds, turn cross-fitting off or add data.", nameof(data));
            }

            int[] shuffled = (int[])rows.Clone();
            new Random(unchecked(seed + (7919 * a))).Shuffle(shuffled);
            for (int i = 0; i < shuffled.Length; i++)
            {
                fold[shuffled[i]] = i % foldCount;
            }
        }

        return fold;
    }

    /// <summary>
    /// Predictions for <paramref name="predictRows"/> of a model of <paramref name="target"/> on
    /// <paramref name="trainRows"/>. With <paramref name="fold"/> null, one model fitted on every
    /// training row predicts every row; otherwise the prediction of a row in fold k comes from a
    /// model fitted on the training rows outside fold k.
    /// </summary>
    /// <param name="learner">The nuisance learner.</param>
    /// <param name="features">All rows of the data.</param>
    /// <param name="target">The target of every row of the data (indexed by data row).</param>
    /// <param name="trainRows">Data rows the nuisance model learns from.</param>
    /// <param name="predictRows">Data rows that need a nuisance prediction.</param>
    /// <param name="fold">The fold of every data row, or null for no cross-fitting.</param>
    /// <param name="foldCount">The number of folds.</param>
    /// <param name="cancellationToken">Cancels between fits.</param>
    /// <returns>One prediction per entry of <paramref name="predictRows"/>.</returns>
    public static double[] Predict(IBaseLearner learner, FeatureMatrix<double> features, ReadOnlySpan<double> target, int[] trainRows, int[] predictRows, int[]? fold, int foldCount, CancellationToken cancellationToken)
    {
        var result = new double[predictRows.Length];
        if (fold is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IBaseModel model = learner.Fit(features.SelectRows(trainRows), MetaLearnerSupport.Gather(target, trainRows), cancellationToken);
            model.Predict(features.SelectRows(predictRows), result);
            return result;
        }

        for (int k = 0; k < foldCount; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] train = Select(trainRows, fold, k, inFold: false);
            int[] heldIndex = IndicesInFold(predictRows, fold, k);
            if (heldIndex.Length == 0)
            {
                continue;
            }

            var held = new int[heldIndex.Length];
            for (int i = 0; i < held.Length; i++)
            {
                held[i] = predictRows[heldIndex[i]];
            }

            IBaseModel model = learner.Fit(features.SelectRows(train), MetaLearnerSupport.Gather(target, train), cancellationToken);
            var predictions = new double[held.Length];
            model.Predict(features.SelectRows(held), predictions);
            for (int i = 0; i < held.Length; i++)
            {
                result[heldIndex[i]] = predictions[i];
            }
        }

        return result;
    }

    /// <summary>
    /// The propensity e(x) = P(T = a | x, T ∈ {0, a}) of every row of <paramref name="pair"/>: the
    /// constant in <see cref="PropensityMode.Constant"/> mode, otherwise the clipped (cross-fitted when
    /// <paramref name="fold"/> is given) prediction of the propensity learner.
    /// </summary>
    public static double[] Propensity(UpliftData data, int arm, int[] pair, PropensityMode mode, double? known, double clip, IBaseLearner learner, int[]? fold, int foldCount, CancellationToken cancellationToken)
        => Propensity(data, arm, pair, mode, known, clip, learner, fold, foldCount, out _, cancellationToken);

    /// <summary>
    /// As <see cref="Propensity(UpliftData, int, int[], PropensityMode, double?, double, IBaseLearner, int[], int, CancellationToken)"/>,
    /// also giving the share of rows whose propensity before clipping lies outside [0.05, 0.95] (the overlap diagnostic).
    /// </summary>
    public static double[] Propensity(UpliftData data, int arm, int[] pair, PropensityMode mode, double? known, double clip, IBaseLearner learner, int[]? fold, int foldCount, out double poorOverlapShare, CancellationToken cancellationToken)
    {
        ReadOnlySpan<int> t = data.Treatment;
        var e = new double[pair.Length];
        if (mode == PropensityMode.Constant)
        {
            Array.Fill(e, known ?? ((double)data.ArmSizes[arm] / (data.ArmSizes[0] + data.ArmSizes[arm])));
            poorOverlapShare = MetaLearnerSupport.PoorOverlapShare(e);
            return e;
        }

        var label = new double[data.Count];
        for (int i = 0; i < label.Length; i++)
        {
            label[i] = t[i] == arm ? 1 : 0;
        }

        e = Predict(learner, data.Features, label, pair, pair, fold, foldCount, cancellationToken);
        poorOverlapShare = MetaLearnerSupport.PoorOverlapShare(e);
        for (int i = 0; i < e.Length; i++)
        {
            e[i] = Math.Clamp(e[i], clip, 1 - clip);
        }

        return e;
    }

    /// <summary>
    /// Throws unless, for every fold, the rows outside it hold both outcome classes: a classifier outcome model
    /// fitted on them could otherwise only learn a constant 0 or 1.
    /// </summary>
    /// <param name="outcome">The outcome of every data row.</param>
    /// <param name="rows">The rows an outcome model learns from (one arm, or control and one arm).</param>
    /// <param name="fold">The fold of every data row.</param>
    /// <param name="foldCount">The number of folds.</param>
    /// <param name="group">The rows' name in the message, e.g. "Arm 1 ('offer')".</param>
    /// <exception cref="ArgumentException">The training rows of some fold hold one outcome class only.</exception>
    public static void CheckClassesOutsideFolds(ReadOnlySpan<double> outcome, int[] rows, int[] fold, int foldCount, string group)
    {
        var ones = new int[foldCount];
        var count = new int[foldCount];
        int totalOnes = 0;
        foreach (int r in rows)
        {
            count[fold[r]]++;
            if (outcome[r] == 1)
            {
                ones[fold[r]]++;
                totalOnes++;
            }
        }

        for (int k = 0; k < foldCount; k++)
        {
            int trainOnes = totalOnes - ones[k];
            int trainRows = rows.Length - count[k];
            if (trainOnes == 0 || trainOnes == trainRows)
            {
                throw new ArgumentException($"{group} has {totalOnes} rows with outcome 1 among its {rows.Length} rows; the model fitted without cross-fitting fold {k} would see only outcome {(trainOnes == 0 ? 0 : 1)} in its {trainRows} rows, so a classifier outcome model cannot learn a probability. Use fewer folds, a regressor outcome learner, or more data.", "data");
            }
        }
    }

    /// <summary>With cross-fitting and a classifier outcome learner, checks every arm with <see cref="CheckClassesOutsideFolds"/>.</summary>
    /// <exception cref="ArgumentException">The training rows of an arm in some fold hold one outcome class only.</exception>
    public static void CheckOutcomeClasses(IBaseLearner outcome, UpliftData data, int[][] byArm, int[]? fold, int foldCount)
    {
        if (fold is null || !outcome.IsClassifier)
        {
            return;
        }

        for (int a = 0; a < byArm.Length; a++)
        {
            CheckClassesOutsideFolds(data.Outcome, byArm[a], fold, foldCount, $"Arm {a} ('{data.ArmNames[a]}')");
        }
    }

    private static int[] Select(int[] rows, int[] fold, int k, bool inFold)
    {
        int count = 0;
        foreach (int r in rows)
        {
            if ((fold[r] == k) == inFold)
            {
                count++;
            }
        }

        var result = new int[count];
        int next = 0;
        foreach (int r in rows)
        {
            if ((fold[r] == k) == inFold)
            {
                result[next++] = r;
            }
        }

        return result;
    }

    private static int[] IndicesInFold(int[] rows, int[] fold, int k)
    {
        var result = new List<int>();
        for (int i = 0; i < rows.Length; i++)
        {
            if (fold[rows[i]] == k)
            {
                result.Add(i);
            }
        }

        return [.. result];
    }
}
