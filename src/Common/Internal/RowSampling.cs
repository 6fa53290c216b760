namespace Personalization.Internal;

/// <summary>Seeded samples of row indices (shared source, compiled into each package).</summary>
internal static class RowSampling
{
    /// <summary>
    /// Draws <paramref name="sampleSize"/> distinct rows of <c>0 .. rowCount - 1</c> by a partial Fisher-Yates shuffle
    /// driven by <see cref="Random"/>(<paramref name="seed"/>): the same seed, count and size give the same rows on
    /// every machine and .NET version that keeps <see cref="Random"/>'s seeded sequence.
    /// </summary>
    /// <param name="rowCount">The number of rows to draw from, at least <paramref name="sampleSize"/>.</param>
    /// <param name="sampleSize">The number of rows to draw, at least 0.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="sorted">Whether to return the rows ascending instead of in draw order.</param>
    /// <returns>A new array of <paramref name="sampleSize"/> row indices.</returns>
    public static int[] WithoutReplacement(int rowCount, int sampleSize, int seed, bool sorted)
    {
        if ((uint)sampleSize > (uint)rowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, $"sampleSize must be between 0 and the {rowCount} rows.");
        }

        var all = new int[rowCount];
        for (int i = 0; i < rowCount; i++)
        {
            all[i] = i;
        }

        var random = new Random(seed);
        for (int i = 0; i < sampleSize; i++)
        {
            int j = random.Next(i, rowCount);
            (all[i], all[j]) = (all[j], all[i]);
        }

        int[] rows = all.AsSpan(0, sampleSize).ToArray();
        if (sorted)
        {
            Array.Sort(rows);
        }

        return rows;
    }
}
