using System.Runtime.ExceptionServices;

namespace Personalization.Internal;

/// <summary>
/// The one deterministic chunk-parallel driver of the library (shared source, compiled into each
/// package). Work is cut into a fixed number of chunks that depends only on the problem size, never on
/// the thread count; each chunk writes only its own slot of the partial results; the caller reduces the
/// partials in chunk order. So every result is identical for any degree of parallelism.
/// </summary>
/// <remarks>
/// Two backends run the same <see cref="IChunkPass"/> operators: <see cref="Run{TPass}(in TPass, int, int, CancellationToken)"/>
/// for one-shot loops (prediction, tree growing: thread-pool workers and the caller claim chunks), and
/// <see cref="ChunkRunner"/> for iterative fits that run hundreds of short passes (dedicated helpers that
/// stay awake between passes). <see cref="For(int, int, Action{int}, CancellationToken)"/> wraps a delegate for loops whose
/// chunks are heavy (one tree per chunk), where a call per chunk costs nothing.
/// </remarks>
internal static class ChunkParallel
{
    /// <summary>The most chunks <see cref="ChunkSize"/> cuts a problem into.</summary>
    public const int MaxChunks = 64;

    /// <summary>Resolves an option value (-1 or 0 = all processors) to a thread count.</summary>
    /// <param name="maxDegreeOfParallelism">The option value.</param>
    /// <returns>The thread count, at least 1.</returns>
    public static int Resolve(int maxDegreeOfParallelism) =>
        maxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : maxDegreeOfParallelism;

    /// <summary>Returns the chunk size for <paramref name="items"/> items: at most <see cref="MaxChunks"/> chunks, at least <paramref name="minimum"/> items each.</summary>
    /// <param name="items">The number of items (rows).</param>
    /// <param name="minimum">The smallest chunk worth a thread.</param>
    /// <returns>The chunk size, at least 1.</returns>
    public static int ChunkSize(int items, int minimum) => Math.Max(Math.Max(1, minimum), (items + MaxChunks - 1) / MaxChunks);

    /// <summary>Returns the number of chunks of <paramref name="chunkSize"/> items that cover <paramref name="items"/> items.</summary>
    /// <param name="items">The number of items.</param>
    /// <param name="chunkSize">The chunk size.</param>
    /// <returns>The chunk count.</returns>
    public static int ChunkCount(int items, int chunkSize) => (int)(((long)items + chunkSize - 1) / chunkSize);

    /// <summary>Runs every chunk of <paramref name="pass"/> once, on the caller and up to <paramref name="degreeOfParallelism"/> - 1 thread-pool workers.</summary>
    /// <typeparam name="TPass">The pass operator.</typeparam>
    /// <param name="pass">The pass; executed by several threads at once, so it must not mutate itself.</param>
    /// <param name="chunkCount">The number of chunks.</param>
    /// <param name="degreeOfParallelism">The thread count (-1 or 0 = all processors).</param>
    /// <param name="cancellationToken">Checked before each chunk; throws <see cref="OperationCanceledException"/> on the caller.</param>
    public static void Run<TPass>(in TPass pass, int chunkCount, int degreeOfParallelism, CancellationToken cancellationToken = default)
        where TPass : struct, IChunkPass
    {
        int threads = Math.Min(Resolve(degreeOfParallelism), chunkCount);
        if (threads <= 1)
        {
            for (int c = 0; c < chunkCount; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                pass.Execute(c);
            }

            return;
        }

        var job = new OneShot<TPass>(pass, chunkCount, cancellationToken);
        for (int h = 1; h < threads; h++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        }

        job.Execute();
        job.WaitAndRethrow();
    }

    /// <summary>Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>) (one index per chunk).</summary>
    /// <param name="count">The number of chunks.</param>
    /// <param name="degreeOfParallelism">The thread count (-1 or 0 = all processors).</param>
    /// <param name="body">The work of one chunk; it writes only that chunk's results.</param>
    /// <param name="cancellationToken">Checked before each chunk.</param>
    public static void For(int count, int degreeOfParallelism, Action<int> body, CancellationToken cancellationToken = default) =>
        Run(new DelegatePass(body), count, degreeOfParallelism, cancellationToken);

    /// <summary>Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>) with the thread count and cancellation of <paramref name="parallel"/>.</summary>
    /// <param name="count">The number of chunks.</param>
    /// <param name="parallel">The degree of parallelism (-1 = all processors) and the cancellation token.</param>
    /// <param name="body">The work of one chunk; it writes only that chunk's results.</param>
    public static void For(int count, ParallelOptions parallel, Action<int> body) =>
        Run(new DelegatePass(body), count, parallel.MaxDegreeOfParallelism, parallel.CancellationToken);

    /// <summary>A delegate as a pass (heavy chunks only: one call per chunk).</summary>
    private readonly struct DelegatePass(Action<int> body) : IChunkPass
    {
        public void Execute(int chunk) => body(chunk);
    }

    /// <summary>One one-shot run: workers and the caller claim chunks until none is left; the caller waits only for claimed chunks.</summary>
    private sealed class OneShot<TPass>(TPass pass, int chunkCount, CancellationToken cancellationToken) : IThreadPoolWorkItem
        where TPass : struct, IChunkPass
    {
        private readonly object _gate = new();
        private int _next;
        private int _completed;
        private Exception? _error;

        public void Execute()
        {
            while (true)
            {
                int chunk = Interlocked.Increment(ref _next) - 1;
                if (chunk >= chunkCount)
                {
                    return;
                }

                try
                {
                    if (Volatile.Read(ref _error) is null)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        pass.Execute(chunk);
                    }
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref _error, ex, null);
                }

                if (Interlocked.Increment(ref _completed) == chunkCount)
                {
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }

        public void WaitAndRethrow()
        {
            if (Volatile.Read(ref _completed) < chunkCount)
            {
                var spin = default(SpinWait);
                for (int i = 0; i < 64 && Volatile.Read(ref _completed) < chunkCount; i++)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                lock (_gate)
                {
                    while (Volatile.Read(ref _completed) < chunkCount)
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }

            if (_error is not null)
            {
                ExceptionDispatchInfo.Capture(_error).Throw();
            }
        }
    }
}
