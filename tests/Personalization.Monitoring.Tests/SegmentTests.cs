using FsCheck;
using FsCheck.Xunit;
using Personalization.Monitoring.Internal;

namespace Personalization.Monitoring.Tests;

public sealed class SegmentTests
{
    [Fact]
    public void Minimize_KnownMatrix_FindsOptimum()
    {
        // Classic 3x3: the optimum picks 1 + 2 + 2 = 5 (rows 0->1, 1->0, 2->2).
        double[] costs = [4, 1, 3, 2, 0, 5, 3, 2, 2];
        var assignment = new int[3];
        double total = LinearAssignment.Minimize(costs, 3, 3, assignment);
        Assert.Equal(5.0, total);
        Assert.Equal([1, 0, 2], assignment);
    }

    [Fact]
    public void Minimize_Rectangular_BothOrientations()
    {
        double[] wide = [5, 1, 9, 4, 8, 2];    // 2 x 3: row 0 -> 1 (1), row 1 -> 2 (2)
        var a = new int[2];
        Assert.Equal(3.0, LinearAssignment.Minimize(wide, 2, 3, a));
        Assert.Equal([1, 2], a);
        double[] tall = [5, 4, 1, 8, 9, 2];    // 3 x 2 (transpose): rows 1 -> 0, 2 -> 1, row 0 left out
        var b = new int[3];
        Assert.Equal(3.0, LinearAssignment.Minimize(tall, 3, 2, b));
        Assert.Equal([-1, 0, 1], b);
    }

    [Property(MaxTest = 60)]
    public bool Minimize_SmallRandomMatrices_EqualsBruteForce(PositiveInt seed, PositiveInt size)
    {
        int k = 1 + (size.Get % 6);
        double[] costs = TestData.SplitMix((ulong)seed.Get, k * k, 10.0);
        var assignment = new int[k];
        double total = LinearAssignment.Minimize(costs, k, k, assignment);
        double best = double.PositiveInfinity;
        foreach (int[] p in Permutations(k))
        {
            double s = 0;
            for (int i = 0; i < k; i++)
            {
                s += costs[(i * k) + p[i]];
            }

            best = Math.Min(best, s);
        }

        double check = 0;
        for (int i = 0; i < k; i++)
        {
            check += costs[(i * k) + assignment[i]];
        }

        return Math.Abs(total - best) < 1e-9 && Math.Abs(check - total) < 1e-12 && assignment.Distinct().Count() == k;
    }

    [Fact]
    public void Minimize_BadInput_Throws()
    {
        var a = new int[2];
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearAssignment.Minimize([1.0], 0, 1, a));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearAssignment.Minimize([1.0], 1, 0, a));
        Assert.Throws<ArgumentException>(() => LinearAssignment.Minimize([1.0, 2.0, 3.0], 2, 2, a));
        Assert.Throws<ArgumentException>(() => LinearAssignment.Minimize([1.0, 2.0, 3.0, 4.0], 2, 2, new int[1]));
        Assert.Throws<ArgumentException>(() => LinearAssignment.Minimize([1.0, double.NaN, 3.0, 4.0], 2, 2, a));
    }

    [Property(MaxTest = 50)]
    public bool Match_PermutedCurrentCentroids_SameSegmentForEveryCentroid(PositiveInt seed, PositiveInt size)
    {
        int k = 2 + (size.Get % 7);
        const int d = 3;
        var previous = new FeatureMatrix<double>(TestData.SplitMix((ulong)seed.Get, k * d, 10.0), k, d);
        double[] moved = TestData.SplitMix((ulong)seed.Get + 99, k * d, 1.0, -0.5);
        for (int i = 0; i < moved.Length; i++)
        {
            moved[i] += previous.AsSpan()[i];
        }

        int[] permutation = Shuffle(k, (ulong)seed.Get);
        var current = new FeatureMatrix<double>(moved, k, d);
        var permuted = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            current.Row(c).CopyTo(permuted.AsSpan(permutation[c] * d, d));
        }

        CentroidMatch plain = CentroidMatching.Match(previous, current);
        CentroidMatch shuffled = CentroidMatching.Match(previous, new FeatureMatrix<double>(permuted, k, d));
        for (int c = 0; c < k; c++)
        {
            if (plain.PreviousOfCurrent[c] != shuffled.PreviousOfCurrent[permutation[c]])
            {
                return false;
            }
        }

        return plain.Movement.SequenceEqual(shuffled.Movement) && plain.TotalMovement == shuffled.TotalMovement;
    }

    [Fact]
    public void Match_MoreOrFewerClusters_MarksUnmatched()
    {
        var previous = FeatureMatrix<double>.FromArray(new double[,] { { 0, 0 }, { 10, 10 } });
        var current = FeatureMatrix<double>.FromArray(new double[,] { { 10, 11 }, { 50, 50 }, { 0, 1 } });
        CentroidMatch grow = CentroidMatching.Match(previous, current);
        Assert.Equal([2, 0], grow.CurrentOfPrevious);
        Assert.Equal([1, -1, 0], grow.PreviousOfCurrent);
        Assert.Equal([1.0, 1.0], grow.Movement);
        CentroidMatch shrink = CentroidMatching.Match(current, previous);
        Assert.Equal([1, -1, 0], shrink.CurrentOfPrevious);
        Assert.True(double.IsNaN(shrink.Movement[1]));
        Assert.Throws<ArgumentException>(() => CentroidMatching.Match(previous, FeatureMatrix<double>.FromArray(new double[,] { { 1, 2, 3 } })));
        Assert.Throws<ArgumentNullException>(() => CentroidMatching.Match(null!, previous));
        Assert.Throws<ArgumentNullException>(() => CentroidMatching.Match(previous, null!));
        Assert.Throws<ArgumentException>(() => CentroidMatching.Match(previous, new FeatureMatrix<double>([], 0, 2)));
    }

    [Fact]
    public void Compare_HandComputedChiSquare_Matches()
    {
        // Counts [10, 20, 30] vs [20, 20, 20]: E = 15, 20, 25 in both rows; X^2 = 2 (25/15 + 25/25) = 16/3;
        // df = 2, where the chi-square upper tail is exactly exp(-x/2).
        int[] reference = [.. Enumerable.Repeat(0, 10), .. Enumerable.Repeat(1, 20), .. Enumerable.Repeat(2, 30)];
        int[] current = [.. Enumerable.Repeat(0, 20), .. Enumerable.Repeat(1, 20), .. Enumerable.Repeat(2, 20)];
        SegmentShareComparison result = SegmentShares.Compare(reference, current, 3);
        TestData.Close(16.0 / 3, result.ChiSquare.Statistic, rel: 1e-14);
        Assert.Equal(2, result.ChiSquare.DegreesOfFreedom);
        TestData.Close(Math.Exp(-8.0 / 3), result.ChiSquare.PValue, rel: 1e-12);
        Assert.Equal([10L, 20L, 30L], result.ReferenceCounts);
        double psi = ((1.0 / 3 - 1.0 / 6) * Math.Log(2)) + ((1.0 / 3 - 0.5) * Math.Log(2.0 / 3));
        TestData.Close(psi, result.Psi, rel: 1e-12);
    }

    [Fact]
    public void Compare_EmptySegmentAndSingleSegment_Handled()
    {
        SegmentShareComparison withEmpty = SegmentShares.Compare([0, 0, 1], [0, 1, 1], 3);
        Assert.Equal(1, withEmpty.ChiSquare.DegreesOfFreedom);
        SegmentShareComparison single = SegmentShares.Compare([0, 0], [0], 2);
        Assert.Equal(0.0, single.ChiSquare.Statistic);
        Assert.Equal(1.0, single.ChiSquare.PValue);
        Assert.Throws<ArgumentException>(() => SegmentShares.Compare([], [0], 2));
        Assert.Throws<ArgumentException>(() => SegmentShares.Compare([0], [2], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentShares.Compare([0], [0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentShares.Compare([0], [0], 1, epsilon: 0));
    }

    [Property(MaxTest = 50)]
    public bool Compare_IdenticalLabels_StatisticAndPsiZero(NonEmptyArray<PositiveInt> raw)
    {
        int[] labels = Array.ConvertAll(raw.Get, v => v.Get % 4);
        SegmentShareComparison result = SegmentShares.Compare(labels, labels, 4);
        return result.ChiSquare.Statistic == 0 && result.Psi == 0 && result.ChiSquare.PValue == 1.0;
    }

    [Fact]
    public void Transitions_ByPosition_CountsAndChangedShare()
    {
        TransitionMatrix t = SegmentTransitions.Compute([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3, 2);
        Assert.Equal(1, t[0, 0]);
        Assert.Equal(1, t[0, 1]);
        Assert.Equal(2, t[1, 1]);
        Assert.Equal(1, t[2, 0]);
        Assert.Equal(5, t.Total);
        Assert.Equal(3, t.Stayed);
        Assert.Equal(0.4, t.ChangedShare, 15);
        Assert.Equal(0.5, t.RowShare(0, 1));
        Assert.Equal(0.0, t.RowShare(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => t[3, 0]);
        Assert.Throws<ArgumentException>(() => SegmentTransitions.Compute([0, 1], [0], 2, 2));
        Assert.Throws<ArgumentException>(() => SegmentTransitions.Compute([0, 5], [0, 1], 2, 2));
        Assert.Throws<ArgumentException>(() => SegmentTransitions.Compute([0, 1], [0, -1], 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentTransitions.Compute([0], [0], 0, 2));
    }

    [Fact]
    public void Transitions_ByCustomerId_MatchesCommonCustomers()
    {
        TransitionMatrix t = SegmentTransitions.Compute(["a", "b", "c"], [0, 1, 1], ["c", "d", "a"], [0, 1, 0], 2, 2);
        Assert.Equal(2, t.Total);
        Assert.Equal(1, t[0, 0]); // a stayed in 0
        Assert.Equal(1, t[1, 0]); // c moved 1 -> 0
        Assert.Equal(1, t.Entered); // d
        Assert.Equal(1, t.Left); // b
        Assert.Equal(0.5, t.ChangedShare);
        Assert.Throws<ArgumentException>(() => SegmentTransitions.Compute(["a", "a"], [0, 1], ["a"], [0], 2, 2));
        Assert.Throws<ArgumentException>(() => SegmentTransitions.Compute(["a"], [0], ["b", "b"], [0, 1], 2, 2));
        Assert.Throws<ArgumentException>(() => SegmentTransitions.Compute(["a"], [0, 1], ["a"], [0], 2, 2));
        Assert.Throws<ArgumentNullException>(() => SegmentTransitions.Compute(null!, [0], ["a"], [0], 2, 2));
        Assert.Throws<ArgumentNullException>(() => SegmentTransitions.Compute(["a"], [0], null!, [0], 2, 2));
    }

    internal static int[] Shuffle(int k, ulong seed)
    {
        int[] p = [.. Enumerable.Range(0, k)];
        double[] u = TestData.SplitMix(seed + 12345, k);
        for (int i = k - 1; i > 0; i--)
        {
            int j = (int)(u[i] * (i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    private static IEnumerable<int[]> Permutations(int k)
    {
        int[] p = [.. Enumerable.Range(0, k)];
        return Permute(p, 0);

        static IEnumerable<int[]> Permute(int[] p, int start)
        {
            if (start == p.Length)
            {
                yield return (int[])p.Clone();
                yield break;
            }

            for (int i = start; i < p.Length; i++)
            {
                (p[start], p[i]) = (p[i], p[start]);
                foreach (int[] q in Permute(p, start + 1))
                {
                    yield return q;
                }

                (p[start], p[i]) = (p[i], p[start]);
            }
        }
    }
}
