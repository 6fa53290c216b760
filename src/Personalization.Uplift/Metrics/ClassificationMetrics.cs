namespace Personalization.Uplift;

/// <summary>
/// Binary classification metrics for a classifier's scores (for example a base learner's predicted
/// probabilities on held-out rows): precision, recall and F1 at a threshold, and the area under the ROC curve,
/// with the conventions of scikit-learn's <c>precision_score</c>, <c>recall_score</c>, <c>f1_score</c> and
/// <c>roc_auc_score</c>.
/// </summary>
/// <remarks>
/// Labels are 0 (negative) and 1 (positive). At a threshold, a unit is predicted positive when its score is
/// at least the threshold. A ratio whose denominator is 0 is 0, as scikit-learn's default
/// <c>zero_division</c> returns (without its warning). All methods are stateless and thread-safe.
/// </remarks>
public static class ClassificationMetrics
{
    /// <summary>Computes the precision TP / (TP + FP) at a threshold.</summary>
    /// <param name="label">The true label (0 or 1) of each unit.</param>
    /// <param name="score">The score of each unit (a probability or any monotone score).</param>
    /// <param name="threshold">Units with score ≥ threshold are predicted positive (default 0.5).</param>
    /// <returns>The precision in [0, 1]; 0 when nothing is predicted positive.</returns>
    /// <exception cref="ArgumentException">The lengths differ, the data is empty, a label is not 0 or 1, or a score is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN.</exception>
    public static double Precision(ReadOnlySpan<double> label, ReadOnlySpan<double> score, double threshold = 0.5)
    {
        (int tp, int fp, int fn) = Confusion(label, score, threshold);
        return Ratio(tp, tp + fp);
    }

    /// <summary>Computes the recall (true positive rate) TP / (TP + FN) at a threshold.</summary>
    /// <param name="label">The true label (0 or 1) of each unit.</param>
    /// <param name="score">The score of each unit.</param>
    /// <param name="threshold">Units with score ≥ threshold are predicted positive (default 0.5).</param>
    /// <returns>The recall in [0, 1]; 0 when there is no positive unit.</returns>
    /// <exception cref="ArgumentException">The lengths differ, the data is empty, a label is not 0 or 1, or a score is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN.</exception>
    public static double Recall(ReadOnlySpan<double> label, ReadOnlySpan<double> score, double threshold = 0.5)
    {
        (int tp, int fp, int fn) = Confusion(label, score, threshold);
        return Ratio(tp, tp + fn);
    }

    /// <summary>Computes the F1 score, the harmonic mean of precision and recall, at a threshold.</summary>
    /// <param name="label">The true label (0 or 1) of each unit.</param>
    /// <param name="score">The score of each unit.</param>
    /// <param name="threshold">Units with score ≥ threshold are predicted positive (default 0.5).</param>
    /// <returns>2·TP / (2·TP + FP + FN) in [0, 1]; 0 when there is neither a positive unit nor a positive prediction.</returns>
    /// <exception cref="ArgumentException">The lengths differ, the data is empty, a label is not 0 or 1, or a score is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN.</exception>
    public static double F1Score(ReadOnlySpan<double> label, ReadOnlySpan<double> score, double threshold = 0.5)
    {
        (int tp, int fp, int fn) = Confusion(label, score, threshold);
        return Ratio(2.0 * tp, (2.0 * tp) + fp + fn);
    }

    /// <summary>Computes the area under the ROC curve.</summary>
    /// <param name="label">The true label (0 or 1) of each unit; both labels must occur.</param>
    /// <param name="score">The score of each unit; higher means more likely positive.</param>
    /// <returns>The AUC in [0, 1]: 1 when every positive outranks every negative, 0.5 for a constant score.</returns>
    /// <exception cref="ArgumentException">The lengths differ, the data is empty, a label is not 0 or 1, only one label occurs, or a score is not finite.</exception>
    /// <remarks>
    /// The probability that a random positive scores above a random negative, ties counting one half:
    /// (Σ<sub>positives</sub> rank − P(P + 1)/2) / (P·N) with mid-ranks for tied scores (the Mann–Whitney
    /// statistic). This equals scikit-learn's <c>roc_auc_score</c>, whose trapezoidal ROC curve joins tied scores
    /// by a diagonal segment. Cost: one sort, O(n log n).
    /// </remarks>
    public static double RocAucScore(ReadOnlySpan<double> label, ReadOnlySpan<double> score)
    {
        Validate(label, score);
        int n = label.Length;
        double[] keys = score.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            // Ranks start + 1 .. end share the mid-rank.
            double midRank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++)
            {
                if (label[order[i]] == 1)
                {
                    positiveRankSum += midRank;
                    positives++;
                }
            }

            start = end;
        }

        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"label has only {(positives == 0 ? "negative (0)" : "positive (1)")} units; ROC AUC needs both labels.", nameof(label));
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    private static (int TruePositives, int FalsePositives, int FalseNegatives) Confusion(ReadOnlySpan<double> label, ReadOnlySpan<double> score, double threshold)
    {
        Validate(label, score);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a number; units with score >= threshold are predicted positive.");
        }

        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < label.Length; i++)
        {
            bool predicted = score[i] >= threshold;
            bool actual = label[i] == 1;
            tp += predicted && actual ? 1 : 0;
            fp += predicted && !actual ? 1 : 0;
            fn += !predicted && actual ? 1 : 0;
        }

        return (tp, fp, fn);
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    private static void Validate(ReadOnlySpan<double> label, ReadOnlySpan<double> score)
    {
        if (label.IsEmpty)
        {
            throw new ArgumentException("label is empty; classification metrics need at least one unit.", nameof(label));
        }

        Validation.Guard.SameLength(score.Length, label.Length, nameof(score), nameof(label));
        Validation.Guard.AllFinite(score);
        for (int i = 0; i < label.Length; i++)
        {
            if (label[i] != 0 && label[i] != 1)
            {
                throw new ArgumentException($"label[{i}] is {label[i]}; labels must be 0 (negative) or 1 (positive).", nameof(label));
            }
        }
    }
}
