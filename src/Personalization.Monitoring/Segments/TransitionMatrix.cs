namespace Personalization.Monitoring;

/// <summary>How customers moved between segments: counts from each segment before to each segment after.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class TransitionMatrix
{
    private readonly long[] _counts;

    internal TransitionMatrix(long[] counts, int segmentCountBefore, int segmentCountAfter, long entered, long left)
    {
        _counts = counts;
        SegmentCountBefore = segmentCountBefore;
        SegmentCountAfter = segmentCountAfter;
        Entered = entered;
        Left = left;
        long total = 0;
        long stayed = 0;
        for (int i = 0; i < segmentCountBefore; i++)
        {
            for (int j = 0; j < segmentCountAfter; j++)
            {
                long c = counts[(i * segmentCountAfter) + j];
                total += c;
                if (i == j)
                {
                    stayed += c;
                }
            }
        }

        Total = total;
        Stayed = stayed;
    }

    /// <summary>Gets the number of segments before (rows).</summary>
    public int SegmentCountBefore { get; }

    /// <summary>Gets the number of segments after (columns).</summary>
    public int SegmentCountAfter { get; }

    /// <summary>Gets the number of customers present in both periods.</summary>
    public long Total { get; }

    /// <summary>Gets the number of customers whose segment id is the same before and after.</summary>
    public long Stayed { get; }

    /// <summary>Gets the share of customers present in both periods whose segment changed: 1 - Stayed / Total (0 when Total is 0).</summary>
    public double ChangedShare => Total == 0 ? 0.0 : 1.0 - ((double)Stayed / Total);

    /// <summary>Gets the number of customers present only after (new customers); 0 when rows were paired by position.</summary>
    public long Entered { get; }

    /// <summary>Gets the number of customers present only before (lapsed customers); 0 when rows were paired by position.</summary>
    public long Left { get; }

    /// <summary>Gets the number of customers that were in <paramref name="before"/> and are in <paramref name="after"/>.</summary>
    /// <param name="before">The segment before.</param>
    /// <param name="after">The segment after.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A segment is out of range.</exception>
    public long this[int before, int after]
    {
        get
        {
            Validation.Guard.InRange(before, 0, SegmentCountBefore - 1);
            Validation.Guard.InRange(after, 0, SegmentCountAfter - 1);
            return _counts[(before * SegmentCountAfter) + after];
        }
    }

    /// <summary>Returns the share of segment <paramref name="before"/>'s customers that ended in <paramref name="after"/> (row-normalised).</summary>
    /// <param name="before">The segment before.</param>
    /// <param name="after">The segment after.</param>
    /// <returns>count[before, after] / sum_j count[before, j], or 0 for an empty row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A segment is out of range.</exception>
    public double RowShare(int before, int after)
    {
        long cell = this[before, after];
        long row = 0;
        for (int j = 0; j < SegmentCountAfter; j++)
        {
            row += _counts[(before * SegmentCountAfter) + j];
        }

        return row == 0 ? 0.0 : (double)cell / row;
    }
}
