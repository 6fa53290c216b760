using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// K-Means|| (Bahmani et al. 2012): <see cref="ParallelRounds"/> rounds of oversampled picks
/// (<see cref="ParallelSamplePass{T}"/>, then <see cref="ParallelUpdatePass{T}"/>), the candidates weighted
/// by the rows nearest them (<see cref="ParallelWeightsPass{T}"/>), then weighted greedy K-Means++ and Lloyd
/// on the candidates alone, in a single-threaded engine of their own.
/// </summary>
internal sealed class KMeansParallelSeeding<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rounds of K-Means|| sampling (Bahmani et al. found 5 rounds enough).</summary>
    internal const int ParallelRounds = 5;

    private readonly KMeansEngine<T> _engine;
    private readonly KMeansSeeding<T> _seeding;
    private readonly List<int>[] _chunkSelected;

    public KMeansParallelSeeding(KMeansEngine<T> engine, KMeansSeeding<T> seeding)
    {
        _engine = engine;
        _seeding = seeding;
        _chunkSelected = new List<int>[engine.ChunkCount];
        for (int c = 0; c < _chunkSelected.Length; c++)
        {
            _chunkSelected[c] = [];
        }
    }

    /// <summary>Returns k row-major centroids.</summary>
    public T[] Seed(Random random, CancellationToken cancellationToken)
    {
        KMeansEngine<T> e = _engine;
        int k = e.K, d = e.D, chunks = e.ChunkCount;
        ulong seed = (ulong)random.NextInt64();
        double oversampling = 2.0 * k;
        var candidates = new List<int> { _seeding.SampleByWeight(random) };
        _seeding.StartFrom(candidates[0]);
        double phi = e.SumChunkScalars();
        for (int round = 0; round < ParallelRounds && phi > 0; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ulong roundKey = seed ^ ((ulong)(round + 1) * 0x9E3779B97F4A7C15UL);
            e.Run(new ParallelSamplePass<T>(e, _seeding.Closest, _chunkSelected, oversampling / phi, roundKey));
            var selected = new List<int>();
            for (int c = 0; c < chunks; c++)
            {
                selected.AddRange(_chunkSelected[c]);
            }

            if (selected.Count == 0)
            {
                continue;
            }

            var roundPacked = new PackedCentroids<T>(selected.Count, d);
            roundPacked.Pack(_seeding.Gather(selected), selected.Count);
            e.Run(new ParallelUpdatePass<T>(e, roundPacked, _seeding.Closest));
            phi = e.SumChunkScalars();
            candidates.AddRange(selected);
        }

        int m = candidates.Count;
        if (m <= k)
        {
            return FillWithRandomRows(candidates, random);
        }

        T[] candidateRows = _seeding.Gather(candidates);
        var packed = new PackedCentroids<T>(m, d);
        packed.Pack(candidateRows, m);
        int stride = KMeansEngine<T>.Stride(m, sizeof(double));
        var chunkWeights = new double[chunks * stride];
        e.Run(new ParallelWeightsPass<T>(e, packed, chunkWeights, stride));
        var candidateWeights = new double[m];
        int positive = 0;
        for (int i = 0; i < m; i++)
        {
            for (int c = 0; c < chunks; c++)
            {
                candidateWeights[i] += chunkWeights[(c * stride) + i];
            }

            if (candidateWeights[i] > 0)
            {
                positive++;
            }
        }

        if (positive < k)
        {
            var keep = new List<int>();
            for (int i = 0; i < m; i++)
            {
                if (candidateWeights[i] > 0)
                {
                    keep.Add(candidates[i]);
                }
            }

            return FillWithRandomRows(keep, random);
        }

        using var inner = new KMeansEngine<T>(candidateRows, m, d, k, candidateWeights, 1);
        inner.ComputeStatistics();
        T[] start = inner.SeedPlusPlus(random, cancellationToken);
        return inner.Iterate(start, 100, inner.MeanVariance * 1e-4, hamerly: false, progress: null, cancellationToken).Centroids;
    }

    private T[] FillWithRandomRows(List<int> rows, Random random)
    {
        int k = _engine.K;
        var set = new HashSet<int>(rows);
        var chosen = new List<int>(set);
        chosen.Sort();
        while (chosen.Count < k)
        {
            int r = random.Next(_engine.N);
            if (set.Add(r))
            {
                chosen.Add(r);
            }
        }

        if (chosen.Count > k)
        {
            chosen.RemoveRange(k, chosen.Count - k);
        }

        return _seeding.Gather(chosen);
    }
}
