using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Personalization.Clustering.Internal;

/// <summary>Work split into numbered chunks; each chunk writes only its own slot of the partial results.</summary>
internal interface IChunkWork
{
    /// <summary>Processes chunk <paramref name="chunk"/>.</summary>
    void Execute(int chunk);
}

/// <summary>
/// Runs <see cref="IChunkWork.Execute"/> over chunks on the caller's thread and a few helper threads
/// owned by the runner. Every chunk writes its own partial result and the caller reduces the
/// partials in chunk order, so results never depend on the number of threads or on scheduling.
/// </summary>
/// <remarks>
/// <para>
/// An iterative algorithm runs many short passes (a Lloyd iteration over a million rows takes a
/// few milliseconds) separated by microseconds of serial work. Waking a sleeping thread-pool
/// worker for every pass costs about as much as the pass on a virtual machine, so the helpers
/// here are dedicated background threads that spin for <see cref="SpinWindow"/> after each pass
/// waiting for the next one, then block. The caller takes part in every pass: it claims chunks like
/// any helper and waits only for chunks a helper has claimed, never for a helper to be scheduled,
/// so a busy machine degrades to single-threaded speed rather than stalling.
/// </para>
/// <para>
/// Helpers are started on the first parallel pass and stopped by <see cref="Dispose"/>; nothing is
/// allocated per pass. One runner serves one caller at a time (it is owned by one fit).
/// </para>
/// </remarks>
internal sealed class ParallelChunkRunner : IDisposable
{
    /// <summary>How long a helper spins for the next pass before it blocks.</summary>
    internal static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(2);

    private static readonly long SpinTicks = (long)(SpinWindow.TotalSeconds * Stopwatch.Frequency);

    private readonly object _gate = new();
    private bool _helpersStarted;
    private IChunkWork? _work;
    private int _chunkCount;
    private int _next;
    private int _completed;
    private long _generation;
    private int _sleepers;
    private bool _active;
    private bool _disposed;
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

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        lock (_gate)
        {
            _work = work;
            _chunkCount = chunkCount;
            _next = 0;
            _completed = 0;
            _error = null;
            _active = true;
            Volatile.Write(ref _generation, _generation + 1);
            if (_sleepers > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }

        if (!_helpersStarted)
        {
            StartHelpers();
            _helpersStarted = true;
        }
        DrainChunks();
        var spin = default(SpinWait);
        while (Volatile.Read(ref _completed) < chunkCount)
        {
            spin.SpinOnce(sleep1Threshold: -1);
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

    /// <summary>Stops the helper threads (they finish at once: no pass is running).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            Monitor.PulseAll(_gate);
        }
    }

    private void StartHelpers()
    {
        for (int h = 1; h < DegreeOfParallelism; h++)
        {
            new Thread(HelperLoop) { IsBackground = true, Name = "Personalization K-Means helper" }.Start();
        }
    }

    private void HelperLoop()
    {
        // The first pass was published before the helper started: it joins it if still running.
        long seen = Volatile.Read(ref _generation) - 1;
        while (true)
        {
            long generation = WaitForPass(seen);
            if (generation < 0)
            {
                return;
            }

            seen = generation;
            DrainChunks();
        }
    }

    /// <summary>Spins, then blocks, until a pass newer than <paramref name="seen"/> starts; -1 once disposed.</summary>
    private long WaitForPass(long seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        int spins = 0;
        while (true)
        {
            if (Volatile.Read(ref _disposed))
            {
                return -1;
            }

            long generation = Volatile.Read(ref _generation);
            if (generation != seen)
            {
                return generation;
            }

            Thread.SpinWait(16);
            if ((++spins & 63) == 0 && Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }
        }

        lock (_gate)
        {
            while (!_disposed && _generation == seen)
            {
                _sleepers++;
                Monitor.Wait(_gate);
                _sleepers--;
            }

            return _disposed ? -1 : _generation;
        }
    }

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
