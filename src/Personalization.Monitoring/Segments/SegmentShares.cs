using MathNet.Numerics;

namespace Personalization.Monitoring;

/// <summary>Compares segment sizes between two windows.</summary>
/// <remarks>All members are static, pure and thread-safe.</remarks>
public static class SegmentShares
{
    /// <summary>The test name recorded in <see cref="SegmentShareComparison.ChiSquare"/>.</summary>
    public const string TestName = "Chi-square homogeneity of segment shares";

    /// <summary>Counts segments in both windows and tests whether the shares differ.</summary>
    /// <param name="referenceLabels">The segment of each reference customer, 0..segmentCount-1.</param>
    /// <param name="currentLabels">The segment of each current customer, 0..segmentCount-1.</param>
    /// <param name="segmentCount">The number of segments, at least 1.</param>
    /// <param name="epsilon">The share that replaces a zero share in the segment PSI.</param>
    /// <returns>Counts, shares, the chi-square test and the share PSI.</returns>
    /// <remarks>
    /// Chi-square test of homogeneity on the 2 x k table O (windows x segments), as
    /// <c>scipy.stats.chi2_contingency(O, correction=False)</c>: E_gj = R_g C_j / N,
    /// X^2 = sum (O_gj - E_gj)^2 / E_gj over segments with C_j &gt; 0, df = k' - 1, p = Q(df/2, X^2/2)
    /// (MathNet's upper regularized incomplete gamma). With one non-empty segment the statistic is 0
    /// and p is 1. Segment PSI: sum_j (c_j - r_j) ln(c_j / r_j).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="segmentCount"/> is less than 1, or <paramref name="epsilon"/> is not in (0, 0.1].</exception>
    /// <exception cref="ArgumentException">A label array is empty or holds a label outside 0..segmentCount-1.</exception>
    public static SegmentShareComparison Compare(ReadOnlySpan<int> referenceLabels, ReadOnlySpan<int> currentLabels, int segmentCount, double epsilon = 1e-4)
    {
        Validation.Guard.Positive(segmentCount);
        new PsiBinningOptions { Epsilon = epsilon }.Validate();
        long[] refCounts = Count(referenceLabels, segmentCount, nameof(referenceLabels));
        long[] curCounts = Count(currentLabels, segmentCount, nameof(currentLabels));
        double n1 = referenceLabels.Length;
        double n2 = currentLabels.Length;
        double total = n1 + n2;
        var refShares = new double[segmentCount];
        var curShares = new double[segmentCount];
        double statistic = 0.0;
        int nonEmpty = 0;
        for (int j = 0; j < segmentCount; j++)
        {
            refShares[j] = refCounts[j] / n1;
            curShares[j] = curCounts[j] / n2;
            double column = refCounts[j] + curCounts[j];
            if (column == 0)
            {
                continue;
            }

            nonEmpty++;
            double e1 = n1 * column / total;
            double e2 = n2 * column / total;
            double d1 = refCounts[j] - e1;
            double d2 = curCounts[j] - e2;
            statistic += (d1 * d1 / e1) + (d2 * d2 / e2);
        }

        int df = nonEmpty - 1;
        double p = df == 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2.0);
        return new SegmentShareComparison
        {
            ReferenceCounts = refCounts,
            CurrentCounts = curCounts,
            ReferenceShares = refShares,
            CurrentShares = curShares,
            ChiSquare = new TestResult(TestName, df == 0 ? 0.0 : statistic, Math.Clamp(p, 0.0, 1.0), Alternative.TwoSided) { DegreesOfFreedom = df },
            Psi = PopulationStability.Compute(refShares, curShares, epsilon),
        };
    }

    internal static long[] Count(ReadOnlySpan<int> labels, int segmentCount, string name)
    {
        if (labels.IsEmpty)
        {
            throw new ArgumentException($"{name} is empty; at least one labelled customer is required.", name);
        }

        var counts = new long[segmentCount];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)segmentCount)
            {
                throw new ArgumentException($"{name}[{i}] is {label}; labels must be between 0 and {segmentCount - 1}.", name);
            }

            counts[label]++;
        }

        return counts;
    }
}
