namespace Personalization.Clustering.Internal;

/// <summary>
/// The row chunking shared by every K-Means pass, in fits and in fitted models: fixed chunks (their
/// size depends only on the row count, see <see cref="Personalization.Internal.ChunkParallel.ChunkSize"/>)
/// cut into blocks of <see cref="BlockRows"/> rows for the nearest-centroid kernel.
/// </summary>
internal static class KMeansChunking
{
    /// <summary>Rows handed to the nearest-centroid kernel at a time (their sums stay in L1).</summary>
    public const int BlockRows = 256;

    /// <summary>The smallest chunk, in rows.</summary>
    public const int MinimumChunkRows = 2048;

    /// <summary>Passes smaller than this many row-features (scaled by k / 8) run on the caller's thread: helpers would cost more than they save.</summary>
    public const long ParallelWorkThreshold = 1 << 20;

    /// <summary>Returns the chunk size for <paramref name="rows"/> rows: at most 64 chunks, at least 2048 rows each.</summary>
    public static int ChunkSize(int rows) => Personalization.Internal.ChunkParallel.ChunkSize(rows, MinimumChunkRows);

    /// <summary>Returns the thread count worth using for a pass over <paramref name="rows"/> x <paramref name="columns"/> with k clusters.</summary>
    public static int EffectiveThreads(int degreeOfParallelism, int rows, int columns, int clusters)
    {
        long work = (long)rows * columns * Math.Max(1, clusters / 8);
        return work < ParallelWorkThreshold ? 1 : Math.Max(1, degreeOfParallelism);
    }
}
