using Personalization.Clustering.Internal;
using Personalization.Validation;

namespace Personalization.Clustering;

/// <summary>The external (label-agreement) metrics of <see cref="ClusterMetrics"/>: adjusted Rand index and normalized mutual information.</summary>
public static partial class ClusterMetrics
{
    /// <summary>Returns the adjusted Rand index between two labelings of the same samples.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The labels to compare.</param>
    /// <returns>1 for identical partitions (up to renaming), about 0 for random ones; can be negative.</returns>
    /// <remarks>
    /// From the pair-confusion counts (tn, fp, fn, tp): ARI = 2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)),
    /// and 1 when fn = fp = 0 (scikit-learn 1.2). Counts are exact 128-bit integers.
    /// </remarks>
    /// <exception cref="ArgumentException">The lengths differ or the labelings are empty.</exception>
    public static double AdjustedRandIndex(ReadOnlySpan<int> labelsTrue, ReadOnlySpan<int> labelsPred)
    {
        Guard.SameLength(labelsTrue.Length, labelsPred.Length, nameof(labelsTrue), nameof(labelsPred));
        Guard.NotEmpty(labelsTrue);
        long n = labelsTrue.Length;
        Contingency table = Contingency.Create(labelsTrue, labelsPred);
        Int128 sumSquares = 0;
        foreach (long v in table.Cells.Values)
        {
            sumSquares += (Int128)v * v;
        }

        Int128 rowSquares = 0;
        foreach (long v in table.RowSums)
        {
            rowSquares += (Int128)v * v;
        }

        Int128 columnSquares = 0;
        foreach (long v in table.ColumnSums)
        {
            columnSquares += (Int128)v * v;
        }

        // scikit-learn's pair_confusion_matrix (ordered pairs).
        Int128 tp = sumSquares - n;
        Int128 fp = rowSquares - sumSquares;
        Int128 fn = columnSquares - sumSquares;
        Int128 tn = ((Int128)n * n) - fp - fn - sumSquares;
        if (fn == 0 && fp == 0)
        {
            return 1.0;
        }

        double numerator = 2.0 * (double)((tp * tn) - (fn * fp));
        double denominator = (double)(((tp + fn) * (fn + tn)) + ((tp + fp) * (fp + tn)));
        return numerator / denominator;
    }

    /// <summary>Returns the normalized mutual information with arithmetic-mean normalization.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The labels to compare.</param>
    /// <returns>A value in [0, 1]; 1 for identical partitions up to renaming.</returns>
    /// <remarks>
    /// NMI = MI(U, V) / ((H(U) + H(V)) / 2) with natural logarithms, MI = sum over cells of
    /// (n_uv / n) ln(n n_uv / (n_u n_v)). Returns 1 when both labelings have a single cluster, and 0 when
    /// MI is 0 (scikit-learn 1.2, <c>average_method="arithmetic"</c>).
    /// </remarks>
    /// <exception cref="ArgumentException">The lengths differ or the labelings are empty.</exception>
    public static double NormalizedMutualInformation(ReadOnlySpan<int> labelsTrue, ReadOnlySpan<int> labelsPred)
    {
        Guard.SameLength(labelsTrue.Length, labelsPred.Length, nameof(labelsTrue), nameof(labelsPred));
        Guard.NotEmpty(labelsTrue);
        Contingency table = Contingency.Create(labelsTrue, labelsPred);
        if ((table.RowSums.Length == 1 && table.ColumnSums.Length == 1) || (table.RowSums.Length == 0 && table.ColumnSums.Length == 0))
        {
            return 1.0;
        }

        double n = labelsTrue.Length;
        double logN = Math.Log(n);
        double mi = 0;
        foreach (KeyValuePair<long, long> cell in table.OrderedCells())
        {
            int r = (int)(cell.Key >> 32);
            int c = (int)(cell.Key & 0xFFFFFFFF);
            double nij = cell.Value;
            mi += nij / n * (Math.Log(nij) + logN - Math.Log(table.RowSums[r]) - Math.Log(table.ColumnSums[c]));
        }

        mi = Math.Max(mi, 0);
        if (mi == 0)
        {
            return 0;
        }

        double hTrue = Entropy(table.RowSums, n);
        double hPred = Entropy(table.ColumnSums, n);
        double normalizer = Math.Max((hTrue + hPred) / 2, double.Epsilon);
        return mi / normalizer;
    }

    private static double Entropy(long[] counts, double n)
    {
        double logN = Math.Log(n);
        double h = 0;
        foreach (long count in counts)
        {
            if (count > 0)
            {
                h -= count / n * (Math.Log(count) - logN);
            }
        }

        return h;
    }
}
