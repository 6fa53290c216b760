using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

public static partial class UpliftMetrics
{
    /// <summary>Computes uplift among the top fraction of units (scikit-uplift <c>uplift_at_k</c> with a float k).</summary>
    /// <param name="outcome">The observed outcome of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="fraction">The share of units to keep, strictly between 0 and 1 (0.3 for uplift@30%).</param>
    /// <param name="strategy">Whether the top share is taken over all units or within each group.</param>
    /// <returns>Mean outcome of the selected treated units minus that of the selected control units; NaN when the selection holds no treated or no control unit.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not strictly between 0 and 1, or <paramref name="strategy"/> is unknown.</exception>
    /// <remarks>
    /// Overall: the top ⌊n·k⌋ units by score. By group: the top ⌊n<sub>T</sub>·k⌋ treated and the
    /// top ⌊n<sub>C</sub>·k⌋ control units. Uplift@k = mean(y | selected, treated) − mean(y | selected, control).
    /// </remarks>
    public static double UpliftAtK(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, double fraction = 0.3, UpliftAtKStrategy strategy = UpliftAtKStrategy.Overall)
    {
        Validation.Guard.OpenUnitInterval(fraction);
        CheckStrategy(strategy);
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: false);
        CountGroups(treatment, out int nT, out int nC);
        return strategy == UpliftAtKStrategy.Overall
            ? AtKOverall(outcome, score, treatment, (int)(outcome.Length * fraction))
            : AtKByGroup(outcome, score, treatment, (int)(nT * fraction), (int)(nC * fraction));
    }

    /// <summary>Computes uplift among the top <paramref name="count"/> units (scikit-uplift <c>uplift_at_k</c> with an integer k).</summary>
    /// <param name="outcome">The observed outcome of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="count">The number of units to keep (overall), or per group (by group).</param>
    /// <param name="strategy">Whether the top units are taken over all units or within each group.</param>
    /// <returns>Mean outcome of the selected treated units minus that of the selected control units; NaN when the selection holds no treated or no control unit.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not between 1 and n − 1 (overall) or exceeds a group's size (by group), or <paramref name="strategy"/> is unknown.</exception>
    /// <remarks>As <see cref="UpliftAtK(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, double, UpliftAtKStrategy)"/> with an absolute count.</remarks>
    public static double UpliftAtK(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, int count, UpliftAtKStrategy strategy = UpliftAtKStrategy.Overall)
    {
        CheckStrategy(strategy);
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: false);
        CountGroups(treatment, out int nT, out int nC);
        if (strategy == UpliftAtKStrategy.Overall)
        {
            Validation.Guard.InRange(count, 1, outcome.Length - 1);
            return AtKOverall(outcome, score, treatment, count);
        }

        Validation.Guard.InRange(count, 1, Math.Min(nT, nC));
        return AtKByGroup(outcome, score, treatment, count, count);
    }

    /// <summary>Splits the ranking into bins and reports response rates and uplift per bin (scikit-uplift <c>uplift_by_percentile</c>).</summary>
    /// <param name="outcome">The observed outcome of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="bins">The number of bins, between 1 and the number of units (10 gives deciles).</param>
    /// <param name="strategy">Overall: split the whole ranking; by group: split the treated and control rankings separately.</param>
    /// <returns>One entry per bin, best-scored first. A bin without treated or control units has NaN rates, uplift and standard error.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is not between 1 and the number of units, or <paramref name="strategy"/> is unknown.</exception>
    /// <remarks>
    /// Bins follow <c>numpy.array_split</c>: with n units the first n mod b bins hold ⌊n/b⌋ + 1 units, the rest ⌊n/b⌋.
    /// Standard error = sqrt(p<sub>T</sub>(1 − p<sub>T</sub>)/n<sub>T</sub> + p<sub>C</sub>(1 − p<sub>C</sub>)/n<sub>C</sub>).
    /// </remarks>
    public static IReadOnlyList<PercentileUplift> UpliftByPercentile(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, int bins = 10, UpliftAtKStrategy strategy = UpliftAtKStrategy.Overall)
    {
        CheckStrategy(strategy);
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: false);
        Validation.Guard.InRange(bins, 1, outcome.Length);
        return ByPercentile(outcome, score, treatment, bins, strategy);
    }

    /// <summary>Computes the treated-count-weighted mean of the per-bin uplift (scikit-uplift <c>weighted_average_uplift</c>).</summary>
    /// <param name="outcome">The observed outcome of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="bins">The number of bins (default 10).</param>
    /// <param name="strategy">How bins are formed (see <see cref="UpliftByPercentile"/>).</param>
    /// <returns>Σ n<sub>T,b</sub> · uplift<sub>b</sub> / Σ n<sub>T,b</sub>; NaN when a bin has no treated or no control unit (as scikit-uplift).</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is not between 1 and the number of units, or <paramref name="strategy"/> is unknown.</exception>
    /// <remarks>Weighted average uplift = Σ<sub>b</sub> n<sub>T,b</sub>(p<sub>T,b</sub> − p<sub>C,b</sub>) / Σ<sub>b</sub> n<sub>T,b</sub>.</remarks>
    public static double WeightedAverageUplift(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, int bins = 10, UpliftAtKStrategy strategy = UpliftAtKStrategy.Overall)
    {
        IReadOnlyList<PercentileUplift> table = UpliftByPercentile(outcome, score, treatment, bins, strategy);
        double weighted = 0, total = 0;
        foreach (PercentileUplift bin in table)
        {
            weighted += bin.TreatmentCount * bin.Uplift;
            total += bin.TreatmentCount;
        }

        return weighted / total;
    }

    private static void CheckStrategy(UpliftAtKStrategy strategy)
    {
        if (strategy is not (UpliftAtKStrategy.Overall or UpliftAtKStrategy.ByGroup))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "strategy must be Overall or ByGroup.");
        }
    }

    private static void CountGroups(ReadOnlySpan<int> treatment, out int treated, out int control)
    {
        treated = 0;
        foreach (int t in treatment)
        {
            treated += t;
        }

        control = treatment.Length - treated;
    }

    private static double AtKOverall(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, int take)
    {
        int[] order = CurveMath.DescendingOrder(score);
        double yT = 0, yC = 0;
        int nT = 0, nC = 0;
        for (int i = 0; i < take; i++)
        {
            int r = order[i];
            if (treatment[r] == 1)
            {
                yT += outcome[r];
                nT++;
            }
            else
            {
                yC += outcome[r];
                nC++;
            }
        }

        return Mean(yT, nT) - Mean(yC, nC);
    }

    private static double AtKByGroup(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, int takeTreated, int takeControl)
    {
        int[] order = CurveMath.DescendingOrder(score);
        double yT = 0, yC = 0;
        int nT = 0, nC = 0;
        foreach (int r in order)
        {
            if (treatment[r] == 1)
            {
                if (nT < takeTreated)
                {
                    yT += outcome[r];
                    nT++;
                }
            }
            else if (nC < takeControl)
            {
                yC += outcome[r];
                nC++;
            }
        }

        return Mean(yT, nT) - Mean(yC, nC);
    }

    private static double Mean(double sum, int count) => count == 0 ? double.NaN : sum / count;

    private static PercentileUplift[] ByPercentile(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, int bins, UpliftAtKStrategy strategy)
    {
        int[] order = CurveMath.DescendingOrder(score);
        var yT = new double[bins];
        var yC = new double[bins];
        var nT = new int[bins];
        var nC = new int[bins];
        if (strategy == UpliftAtKStrategy.Overall)
        {
            int position = 0;
            foreach (int r in order)
            {
                int b = SplitBin(position++, order.Length, bins);
                if (treatment[r] == 1)
                {
                    yT[b] += outcome[r];
                    nT[b]++;
                }
                else
                {
                    yC[b] += outcome[r];
                    nC[b]++;
                }
            }
        }
        else
        {
            CountGroups(treatment, out int treatedTotal, out int controlTotal);
            int treatedSeen = 0, controlSeen = 0;
            foreach (int r in order)
            {
                if (treatment[r] == 1)
                {
                    int b = SplitBin(treatedSeen++, treatedTotal, bins);
                    yT[b] += outcome[r];
                    nT[b]++;
                }
                else
                {
                    int b = SplitBin(controlSeen++, controlTotal, bins);
                    yC[b] += outcome[r];
                    nC[b]++;
                }
            }
        }

        var result = new PercentileUplift[bins];
        for (int b = 0; b < bins; b++)
        {
            double pT = Mean(yT[b], nT[b]);
            double pC = Mean(yC[b], nC[b]);
            double se = Math.Sqrt((pT * (1 - pT) / nT[b]) + (pC * (1 - pC) / nC[b]));
            result[b] = new PercentileUplift(100.0 * b / bins, 100.0 * (b + 1) / bins, nT[b], nC[b], pT, pC, pT - pC, se);
        }

        return result;
    }

    /// <summary>The bin of position <paramref name="position"/> when <paramref name="length"/> items are split as numpy.array_split.</summary>
    private static int SplitBin(int position, int length, int bins)
    {
        int small = length / bins;
        int large = small + 1;
        int largeCount = length % bins;
        int largeSpan = largeCount * large;
        return position < largeSpan ? position / large : largeCount + ((position - largeSpan) / small);
    }
}
