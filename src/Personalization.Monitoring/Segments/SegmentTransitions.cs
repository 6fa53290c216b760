namespace Personalization.Monitoring;

/// <summary>Builds transition matrices: which segment each customer was in before and is in after.</summary>
/// <remarks>All members are static, pure and thread-safe.</remarks>
public static class SegmentTransitions
{
    /// <summary>Counts transitions of customers labelled twice, paired by position (row i before is row i after).</summary>
    /// <param name="before">The segment of each customer before, 0..segmentCountBefore-1.</param>
    /// <param name="after">The segment of the same customers after, 0..segmentCountAfter-1.</param>
    /// <param name="segmentCountBefore">The number of segments before, at least 1.</param>
    /// <param name="segmentCountAfter">The number of segments after, at least 1.</param>
    /// <returns>The transition matrix.</returns>
    /// <remarks>Formula: count[i, j] = #{r : before[r] = i and after[r] = j}; changed share = 1 - trace / total. O(n + k^2).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A segment count is less than 1.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a label is out of range.</exception>
    public static TransitionMatrix Compute(ReadOnlySpan<int> before, ReadOnlySpan<int> after, int segmentCountBefore, int segmentCountAfter)
    {
        Validation.Guard.Positive(segmentCountBefore);
        Validation.Guard.Positive(segmentCountAfter);
        Validation.Guard.SameLength(after.Length, before.Length, nameof(after), nameof(before));
        var counts = new long[segmentCountBefore * segmentCountAfter];
        for (int r = 0; r < before.Length; r++)
        {
            int i = Check(before[r], segmentCountBefore, nameof(before), r);
            int j = Check(after[r], segmentCountAfter, nameof(after), r);
            counts[(i * segmentCountAfter) + j]++;
        }

        return new TransitionMatrix(counts, segmentCountBefore, segmentCountAfter, 0, 0);
    }

    /// <summary>Counts transitions of customers identified by id in two windows; customers in only one window are counted as entered or left.</summary>
    /// <param name="idsBefore">The customer id of each row before (ordinal comparison; must be unique).</param>
    /// <param name="before">The segment of each row before.</param>
    /// <param name="idsAfter">The customer id of each row after (must be unique).</param>
    /// <param name="after">The segment of each row after.</param>
    /// <param name="segmentCountBefore">The number of segments before, at least 1.</param>
    /// <param name="segmentCountAfter">The number of segments after, at least 1.</param>
    /// <returns>The transition matrix over customers present in both windows.</returns>
    /// <remarks>O(n1 + n2) with a hash map of the ids before.</remarks>
    /// <exception cref="ArgumentNullException">An id list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A segment count is less than 1.</exception>
    /// <exception cref="ArgumentException">Ids and labels differ in length, an id repeats, or a label is out of range.</exception>
    public static TransitionMatrix Compute(IReadOnlyList<string> idsBefore, ReadOnlySpan<int> before, IReadOnlyList<string> idsAfter, ReadOnlySpan<int> after, int segmentCountBefore, int segmentCountAfter)
    {
        ArgumentNullException.ThrowIfNull(idsBefore);
        ArgumentNullException.ThrowIfNull(idsAfter);
        Validation.Guard.Positive(segmentCountBefore);
        Validation.Guard.Positive(segmentCountAfter);
        Validation.Guard.SameLength(before.Length, idsBefore.Count, nameof(before), nameof(idsBefore));
        Validation.Guard.SameLength(after.Length, idsAfter.Count, nameof(after), nameof(idsAfter));
        var index = new Dictionary<string, int>(idsBefore.Count, StringComparer.Ordinal);
        for (int r = 0; r < idsBefore.Count; r++)
        {
            Check(before[r], segmentCountBefore, nameof(before), r);
            if (!index.TryAdd(idsBefore[r], r))
            {
                throw new ArgumentException($"idsBefore has '{idsBefore[r]}' more than once; customer ids must be unique within a window.", nameof(idsBefore));
            }
        }

        var counts = new long[segmentCountBefore * segmentCountAfter];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long entered = 0;
        long matched = 0;
        for (int r = 0; r < idsAfter.Count; r++)
        {
            int j = Check(after[r], segmentCountAfter, nameof(after), r);
            if (!seen.Add(idsAfter[r]))
            {
                throw new ArgumentException($"idsAfter has '{idsAfter[r]}' more than once; customer ids must be unique within a window.", nameof(idsAfter));
            }

            if (index.TryGetValue(idsAfter[r], out int b))
            {
                counts[(before[b] * segmentCountAfter) + j]++;
                matched++;
            }
            else
            {
                entered++;
            }
        }

        return new TransitionMatrix(counts, segmentCountBefore, segmentCountAfter, entered, idsBefore.Count - matched);
    }

    private static int Check(int label, int count, string name, int row)
    {
        if ((uint)label >= (uint)count)
        {
            throw new ArgumentException($"{name}[{row}] is {label}; labels must be between 0 and {count - 1}.", name);
        }

        return label;
    }
}
