using Personalization.Clustering.Internal;

namespace Personalization.Clustering.Tests;

/// <summary>The chunk runner that K-Means passes run on: every chunk once per pass, errors surface, helpers stop.</summary>
public sealed class ParallelChunkRunnerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Run_ManyPasses_ExecutesEveryChunkExactlyOncePerPass(int threads)
    {
        using var runner = new ParallelChunkRunner(threads);
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
        using var runner = new ParallelChunkRunner(2);
        var work = new CountingWork(16);
        for (int pass = 1; pass <= 3; pass++)
        {
            runner.Run(work, 16);
            Thread.Sleep(ParallelChunkRunner.SpinWindow * 3);
        }

        Assert.All(work.Counts, c => Assert.Equal(3, c));
    }

    [Fact]
    public void Run_ChunkThrows_RethrowsOnCallerAndNextPassWorks()
    {
        using var runner = new ParallelChunkRunner(2);
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
        var runner = new ParallelChunkRunner(2);
        runner.Run(new CountingWork(4), 4);
        runner.Dispose();
        runner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => runner.Run(new CountingWork(4), 4));
    }

    private sealed class CountingWork(int chunks) : IChunkWork
    {
        public int[] Counts { get; } = new int[chunks];

        public void Execute(int chunk)
        {
            Thread.SpinWait(200);
            Interlocked.Increment(ref Counts[chunk]);
        }
    }

    private sealed class FailingWork(int bad) : IChunkWork
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
