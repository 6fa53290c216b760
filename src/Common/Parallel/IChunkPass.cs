namespace Personalization.Internal;

/// <summary>
/// One pass of a chunk-parallel loop, as TensorPrimitives' operator structs: the per-chunk work of a
/// pass, written as a small (usually readonly) struct so <see cref="ChunkRunner.Run{TPass}(in TPass, int)"/>
/// and <see cref="ChunkParallel.Run{TPass}(in TPass, int, int, CancellationToken)"/> are specialised for it by the JIT.
/// </summary>
/// <remarks>
/// A pass writes only its own chunk's slot of the partial results (rows of the chunk, or a per-chunk
/// partial); the caller reduces the partials in chunk order, so the result never depends on the
/// number of threads or on scheduling. The same pass value is executed by several threads at once:
/// it must not mutate its own fields.
/// </remarks>
internal interface IChunkPass
{
    /// <summary>Processes chunk <paramref name="chunk"/>.</summary>
    /// <param name="chunk">The chunk index, 0 to the chunk count - 1.</param>
    void Execute(int chunk);
}
