using System.Runtime.ExceptionServices;

namespace Personalization.Clustering.Internal;

/// <summary>Work split into numbered chunks; each chunk writes only its own slot of the partial results.</summary>
internal interface IChunkWork
{
    /// <summary>Processes chunk <paramref name="chunk"/>.</summary>
    void Execute(int chunk);
}

/// <summary>
/// Runs <see cref="IChunkWork.Execute"/> over chunks with help from thread-pool threads. The runner
/// is itself the queued work item, so repeated passes (Lloyd iterations) allocate nothing. The
/// caller takes part: it claims chunks like any helper and waits only for chunks a helper has
/// claimed, never for helpers to be scheduled, so a busy machine degrades to single-threaded speed
/// rather than stalling. Every chunk writes its own partial result and the caller reduces the
/// partials in chunk order, so results never depend on the number of threads or on scheduling.
/// </summary>
internal sealed class ParallelChunkRunner : IThreadPoolWorkItem, IDisposable
{
    private readonly object _gate = new();
    private IChunkWork? _work;
    private int _chunkCount;
    private int _next;
    private int _completed;
    private bool _active;
    private Exception? _error;

    /// <summary>Creates a runner with <paramref name="degreeOfParallelism"/> threads (the caller's included).</summary>
    public ParallelChunkRunner(int degreeOfParallelism)
    {
        DegreeOfParallelism = Math.Max(1, degreeOfParallelism);
    }

    /// <summary>Gets the number of threads that execute chunks.</summary>
    public int DegreeOfParallelism { get; }

    /// <summary>Resolves an option value (-1 = all processors) to a thread count.</summary>
    public static int Resolve(int maxDegreeOfParallelism) =>
        maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;

    /// <summary>Executes every chunk in [0, <paramref name="chunkCount"/>) and returns when all are done.</summary>
    public void Run(IChunkWork work, int chunkCount)
    {
        if (DegreeOfParallelism == 1 || chunkCount <= 1)
        {
            for (int c = 0; c < chunkCount; c++)
            {
                work.Execute(c);
            }

            return;
        }

        lock (_gate)
        {
            _work = work;
            _chunkCount = chunkCount;
            _next = 0;
            _completed = 0;
            _error = null;
            _active = true;
        }

        int helpers = Math.Min(DegreeOfParallelism - 1, chunkCount - 1);
        for (int h = 0; h < helpers; h++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        DrainChunks();
        var spin = default(SpinWait);
        while (Volatile.Read(ref _completed) < chunkCount)
        {
            spin.SpinOnce();
        }

        lock (_gate)
        {
            _active = false;
            _work = null;
        }

        if (_error is not null)
        {
            ExceptionDispatchInfo.Capture(_error).Throw();
        }
    }

    /// <summary>Helpers still queued find no work and return; nothing to release.</summary>
    public void Dispose()
    {
    }

    /// <summary>Runs on a thread-pool thread: claims chunks until none are left.</summary>
    void IThreadPoolWorkItem.Execute() => DrainChunks();

    private void DrainChunks()
    {
        while (true)
        {
            IChunkWork? work;
            int chunk;
            lock (_gate)
            {
                if (!_active || _next >= _chunkCount)
                {
                    return;
                }

                work = _work;
                chunk = _next++;
            }

            try
            {
                work!.Execute(chunk);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _error, ex, null);
            }

            Interlocked.Increment(ref _completed);
        }
    }
}
