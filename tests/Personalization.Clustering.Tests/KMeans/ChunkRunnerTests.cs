using Personalization.Internal;

namespace Personalization.Clustering.Tests;

/// <summary>The chunk runner that K-Means passes run on: every chunk once per pass, errors surface, helpers stop.</summary>
public sealed class ChunkRunnerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Run_ManyPasses_ExecutesEveryChunkExactlyOncePerPass(int threads)
    {
        using var runner = new ChunkRunner(threads);
        var work = new CountingWork(97);
        for (int pass = 1; pass <= 200; pass++)
        {
            runner.Run(work, 97);
            Assert.All(work.Counts, c => Assert.Equal(pass, c));
        }
    }

    [Fact]
    public void Run_PassesSeparatedByMoreThanTheSpinWindow_StillUsesEveryChunkOnce()
    {
        using var runner = new ChunkRunner(2);
        var work = new CountingWork(16);
        for (int pass = 1; pass <= 3; pass++)
        {
            runner.Run(work, 16);
            Thread.Sleep(ChunkRunner.SpinWindow * 3);
        }

        Assert.All(work.Counts, c => Assert.Equal(3, c));
    }

    [Fact]
    public void Run_ChunkThrows_RethrowsOnCallerAndNextPassWorks()
    {
        using var runner = new ChunkRunner(2);
        var failing = new FailingWork(5);
        var ex = Assert.Throws<InvalidOperationException>(() => runner.Run(failing, 32));
        Assert.Equal("chunk 5", ex.Message);
        var work = new CountingWork(32);
        runner.Run(work, 32);
        Assert.All(work.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void Run_AfterDispose_Throws()
    {
        var runner = new ChunkRunner(2);
        runner.Run(new CountingWork(4), 4);
        runner.Dispose();
        runner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => runner.Run(new CountingWork(4), 4));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void ChunkParallelRun_OneShot_ExecutesEveryChunkExactlyOnce(int threads)
    {
        var work = new CountingWork(97);
        ChunkParallel.Run(work, 97, threads);
        Assert.All(work.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void ChunkParallelRun_ChunkThrows_RethrowsOnCaller()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ChunkParallel.Run(new FailingWork(7), 32, 2));
        Assert.Equal("chunk 7", ex.Message);
    }

    [Fact]
    public void ChunkParallelFor_Cancelled_ThrowsOperationCanceled()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = source.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => ChunkParallel.For(8, parallel, _ => { }));
    }

    [Fact]
    public void ChunkSize_DependsOnlyOnTheItemCount()
    {
        Assert.Equal(2048, ChunkParallel.ChunkSize(10, 2048));
        Assert.Equal(15625, ChunkParallel.ChunkSize(1_000_000, 2048));
        Assert.Equal(64, ChunkParallel.ChunkCount(1_000_000, ChunkParallel.ChunkSize(1_000_000, 2048)));
    }

    private readonly struct CountingWork(int chunks) : IChunkPass
    {
        public int[] Counts { get; } = new int[chunks];

        public void Execute(int chunk)
        {
            Thread.SpinWait(200);
            Interlocked.Increment(ref Counts[chunk]);
        }
    }

    private readonly struct FailingWork(int bad) : IChunkPass
    {
        public void Execute(int chunk)
        {
            if (chunk == bad)
            {
                throw new InvalidOperationException($"chunk {chunk}");
            }
        }
    }
}
