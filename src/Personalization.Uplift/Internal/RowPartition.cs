namespace Personalization.Uplift.Internal;

/// <summary>The split step shared by the tree builders of gradient boosting and the random forest.</summary>
internal static class RowPartition
{
    /// <summary>
    /// Stable partition of rows[start, end) into the rows whose bin code in <paramref name="column"/> is at most
    /// <paramref name="bin"/>, then the others, both in their original order; returns the first right index.
    /// <paramref name="scratch"/> holds the right side meanwhile and must have room for end - start rows.
    /// </summary>
    public static int Stable(ReadOnlySpan<byte> column, int bin, int[] rows, int[] scratch, int start, int end)
    {
        int left = Split(column, bin, rows, scratch, 0, start, end);
        Array.Copy(scratch, 0, rows, left, end - left);
        return left;
    }

    /// <summary>Moves the rows of rows[start, end) with bin &lt;= split to rows[start, left) in order and the others to scratch[offset, offset + end - left) in order; returns left.</summary>
    private static int Split(ReadOnlySpan<byte> column, int bin, int[] rows, int[] scratch, int offset, int start, int end)
    {
        // Branch-free: every row is written to both sides and only the side it belongs to advances
        // (a split's rows go left or right at random, so a branch would be mispredicted half the time).
        int left = start, right = offset;
        for (int k = start; k < end; k++)
        {
            int r = rows[k];
            int goesLeft = column[r] <= bin ? 1 : 0;
            rows[left] = r;
            scratch[right] = r;
            left += goesLeft;
            right += 1 - goesLeft;
        }

        return left;
    }
}
