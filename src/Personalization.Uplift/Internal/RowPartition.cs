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

    /// <summary>
    /// <see cref="Stable(ReadOnlySpan{byte}, int, int[], int[], int, int)"/> on the column bins[columnStart, columnStart + n) with rows[start, end) cut into
    /// <paramref name="blocks"/> parts partitioned in parallel and then joined (the left parts in order,
    /// then the right parts in order): the same result as one pass, whatever the block count.
    /// </summary>
    public static int StableBlocks(byte[] bins, int columnStart, int n, int bin, int[] rows, int[] scratch, int start, int end, int blocks, ParallelOptions parallel)
    {
        if (blocks < 2)
        {
            return Stable(bins.AsSpan(columnStart, n), bin, rows, scratch, start, end);
        }

        var bounds = new int[blocks + 1];
        var lefts = new int[blocks];
        for (int b = 0; b <= blocks; b++)
        {
            bounds[b] = start + (int)((long)(end - start) * b / blocks);
        }

        Parallel.For(0, blocks, parallel, b =>
            lefts[b] = Split(bins.AsSpan(columnStart, n), bin, rows, scratch, bounds[b] - start, bounds[b], bounds[b + 1]));

        int left = lefts[0];
        for (int b = 1; b < blocks; b++)
        {
            int count = lefts[b] - bounds[b];
            Array.Copy(rows, bounds[b], rows, left, count);
            left += count;
        }

        int mid = left;
        for (int b = 0; b < blocks; b++)
        {
            int count = bounds[b + 1] - lefts[b];
            Array.Copy(scratch, bounds[b] - start, rows, left, count);
            left += count;
        }

        return mid;
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
