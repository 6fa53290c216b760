using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Personalization.Internal;

/// <summary>
/// The persistent backend of <see cref="ChunkParallel"/> for iterative algorithms: runs every chunk of a
/// pass (<see cref="IChunkPass"/>) on the caller's thread and a few helper threads owned by the runner.
/// Every chunk writes its own partial result and the caller reduces the partials in chunk order, so
/// results never depend on the number of threads or on scheduling.
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
/// Helpers are started on the first parallel pass and stopped by <see cref="Dispose"/>. A pass value
/// is copied into a box kept per pass type, so nothing is allocated per pass after the first of each
/// type. One runner serves one caller at a time (it is owned by one fit).
/// </para>
/// </remarks>
internal sealed class ChunkRunner : IDisposable
{
    /// <summary>How long a helper spins for the next pass before it blocks.</summary>
    internal static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(2);

    private static readonly long SpinTicks = (long)(SpinWindow.TotalSeconds * Stopwatch.Frequency);

    private readonly object _gate = new();
    private PassBox[] _boxes = [];
    private bool _helpersStarted;
    private PassBox? _work;
    private int _chunkCount;
    private int _next;
    private int _completed;
    private long _generation;
    private int _sleepers;
    private bool _active;
    private bool _disposed;
    private Exception? _error;

    /// <summary>Creates a runner with <paramref name="degreeOfParallelism"/> threads (the caller's included).</summary>
    /// <param name="degreeOfParallelism">The thread count; values below 1 mean 1.</param>
    public ChunkRunner(int degreeOfParallelism)
    {
        DegreeOfParallelism = Math.Max(1, degreeOfParallelism);
    }

    /// <summary>Gets the number of threads that execute chunks.</summary>
    public int DegreeOfParallelism { get; }

    /// <summary>Executes every chunk in [0, <paramref name="chunkCount"/>) of <paramref name="pass"/> and returns when all are done.</summary>
    /// <typeparam name="TPass">The pass operator.</typeparam>
    /// <param name="pass">The pass; executed by several threads at once, so it must not mutate itself.</param>
    /// <param name="chunkCount">The number of chunks.</param>
    public void Run<TPass>(in TPass pass, int chunkCount)
        where TPass : struct, IChunkPass
    {
        if (DegreeOfParallelism == 1 || chunkCount <= 1)
        {
            for (int c = 0; c < chunkCount; c++)
            {
                pass.Execute(c);
            }

            return;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        PassBox<TPass> box = BoxFor<TPass>();
        box.Pass = pass;
        lock (_gate)
        {
            _work = box;
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

        box.Pass = default;
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

    /// <summary>Returns this runner's box for passes of type <typeparamref name="TPass"/> (a fit uses a handful of pass types).</summary>
    private PassBox<TPass> BoxFor<TPass>()
        where TPass : struct, IChunkPass
    {
        foreach (PassBox box in _boxes)
        {
            if (box is PassBox<TPass> typed)
            {
                return typed;
            }
        }

        var created = new PassBox<TPass>();
        _boxes = [.. _boxes, created];
        return created;
    }

    private void StartHelpers()
    {
        for (int h = 1; h < DegreeOfParallelism; h++)
        {
            new Thread(HelperLoop) { IsBackground = true, Name = "Personalization chunk helper" }.Start();
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
            PassBox? work;
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

/// <summary>A pass value kept on the heap so helper threads can run it (one virtual call per chunk, none per row).</summary>
internal abstract class PassBox
{
    /// <summary>Runs chunk <paramref name="chunk"/> of the boxed pass.</summary>
    /// <param name="chunk">The chunk index.</param>
    public abstract void Execute(int chunk);
}

/// <summary>The box of one pass type.</summary>
/// <typeparam name="TPass">The pass operator.</typeparam>
internal sealed class PassBox<TPass> : PassBox
    where TPass : struct, IChunkPass
{
    /// <summary>The pass of the running (or last) pass.</summary>
    public TPass Pass;

    /// <inheritdoc/>
    public override void Execute(int chunk) => Pass.Execute(chunk);
}
