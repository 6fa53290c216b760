using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <content>Initialisation: greedy K-Means++, random rows, K-Means||.</content>
internal sealed partial class KMeansEngine<T>
{
    /// <summary>Rounds of K-Means|| sampling (Bahmani et al. found 5 rounds enough).</summary>
    internal const int ParallelRounds = 5;

    private double[] _closest = [];
    private double[] _seedNorms = [];
    private PackedCentroids<T>? _seedPacked;
    private bool _seedHasPending;
    private int _pendingLane;
    private double[] _chunkPotential = [];
    private double[] _chunkCandidatePotential = [];
    private int[] _candidates = [];
    private int _candidateCount;
    private int _pendingRow = -1;
    private int _firstRow;
    private List<int>[] _chunkSelected = [];
    private PackedCentroids<T>? _parallelPacked;
    private double[] _parallelChunkWeights = [];
    private int _parallelWeightStride;
    private int _parallelRound;
    private double _parallelPhi;
    private double _parallelOversampling;
    private ulong _parallelSeed;

    /// <summary>The number of local trials of greedy K-Means++: 2 + floor(ln k), as scikit-learn.</summary>
    public static int LocalTrials(int k) => 2 + (int)Math.Log(k);

    /// <summary>Greedy K-Means++ (scikit-learn's <c>_kmeans_plusplus</c>): returns k row-major centroids.</summary>
    public T[] SeedPlusPlus(Random random, CancellationToken cancellationToken)
    {
        int trials = LocalTrials(K);
        EnsureSeedingBuffers(trials);
        var centroids = new T[K * D];
        ReadOnlySpan<T> data = _data.Span;
        _firstRow = SampleByWeight(random);
        RowOf(data, _firstRow).CopyTo(centroids);
        _pendingRow = -1;
        RunPass(Mode.SeedFirst);
        _chunkScalar.AsSpan(0, ChunkCount).CopyTo(_chunkPotential);
        for (int c = 1; c < K; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double potential = 0;
            for (int ch = 0; ch < ChunkCount; ch++)
            {
                potential += _chunkPotential[ch];
            }

            _candidateCount = trials;
            for (int l = 0; l < trials; l++)
            {
                _candidates[l] = SearchPotential(random.NextDouble() * potential);
            }

            PackSeedCandidates(centroids, c);
            RunPass(Mode.SeedCandidates);
            int best = 0;
            double bestPotential = double.PositiveInfinity;
            for (int l = 0; l < trials; l++)
            {
                double total = 0;
                for (int ch = 0; ch < ChunkCount; ch++)
                {
                    total += _chunkCandidatePotential[(ch * trials) + l];
                }

                if (total < bestPotential)
                {
                    bestPotential = total;
                    best = l;
                }
            }

            for (int ch = 0; ch < ChunkCount; ch++)
            {
                _chunkPotential[ch] = _chunkCandidatePotential[(ch * trials) + best];
            }

            _pendingRow = _candidates[best];
            _pendingLane = best;
            RowOf(data, _pendingRow).CopyTo(centroids.AsSpan(c * D, D));
        }

        _pendingRow = -1;
        return centroids;
    }

    /// <summary>k distinct rows, uniformly (Floyd's algorithm) or with probability proportional to weight.</summary>
    public T[] SeedRandom(Random random)
    {
        var chosen = new List<int>(K);
        var set = new HashSet<int>();
        if (_weights is null)
        {
            for (int j = N - K; j < N; j++)
            {
                int t = random.Next(j + 1);
                int pick = set.Contains(t) ? j : t;
                set.Add(pick);
                chosen.Add(pick);
            }
        }
        else
        {
            EnsureSeedingBuffers(1);
            int attempts = 0;
            while (chosen.Count < K && attempts < 100 * K)
            {
                attempts++;
                int pick = SampleByWeight(random);
                if (set.Add(pick))
                {
                    chosen.Add(pick);
                }
            }

            for (int r = 0; r < N && chosen.Count < K; r++)
            {
                if (_weights[r] > 0 && set.Add(r))
                {
                    chosen.Add(r);
                }
            }
        }

        return Gather(chosen);
    }

    /// <summary>K-Means|| (Bahmani et al. 2012) followed by weighted greedy K-Means++ and Lloyd on the sampled rows.</summary>
    public T[] SeedParallel(Random random, CancellationToken cancellationToken)
    {
        EnsureSeedingBuffers(1);
        if (_chunkSelected.Length == 0)
        {
            _chunkSelected = new List<int>[ChunkCount];
            for (int c = 0; c < ChunkCount; c++)
            {
                _chunkSelected[c] = [];
            }
        }

        _parallelSeed = (ulong)random.NextInt64();
        _parallelOversampling = 2.0 * K;
        var candidates = new List<int> { SampleByWeight(random) };
        _firstRow = candidates[0];
        _pendingRow = -1;
        RunPass(Mode.SeedFirst);
        double phi = SumChunks();
        for (int round = 0; round < ParallelRounds && phi > 0; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _parallelRound = round;
            _parallelPhi = phi;
            RunPass(Mode.ParallelSample);
            var selected = new List<int>();
            for (int c = 0; c < ChunkCount; c++)
            {
                selected.AddRange(_chunkSelected[c]);
            }

            if (selected.Count == 0)
            {
                continue;
            }

            _parallelPacked = new PackedCentroids<T>(selected.Count, D);
            _parallelPacked.Pack(Gather(selected), selected.Count);
            RunPass(Mode.ParallelUpdate);
            phi = SumChunks();
            candidates.AddRange(selected);
        }

        int m = candidates.Count;
        if (m <= K)
        {
            return FillWithRandomRows(candidates, random);
        }

        T[] candidateRows = Gather(candidates);
        _parallelPacked = new PackedCentroids<T>(m, D);
        _parallelPacked.Pack(candidateRows, m);
        _parallelWeightStride = Stride(m, sizeof(double));
        _parallelChunkWeights = new double[ChunkCount * _parallelWeightStride];
        RunPass(Mode.ParallelWeights);
        var candidateWeights = new double[m];
        int positive = 0;
        for (int i = 0; i < m; i++)
        {
            for (int c = 0; c < ChunkCount; c++)
            {
                candidateWeights[i] += _parallelChunkWeights[(c * _parallelWeightStride) + i];
            }

            if (candidateWeights[i] > 0)
            {
                positive++;
            }
        }

        if (positive < K)
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

        using var inner = new KMeansEngine<T>(candidateRows, m, D, K, candidateWeights, 1);
        inner.ComputeStatistics();
        T[] start = inner.SeedPlusPlus(random, cancellationToken);
        KMeansRun<T> run = inner.Run(start, 100, inner.MeanVariance * 1e-4, hamerly: false, progress: null, cancellationToken);
        return run.Centroids;
    }

    private T[] FillWithRandomRows(List<int> rows, Random random)
    {
        var set = new HashSet<int>(rows);
        var chosen = new List<int>(set);
        chosen.Sort();
        while (chosen.Count < K)
        {
            int r = random.Next(N);
            if (set.Add(r))
            {
                chosen.Add(r);
            }
        }

        if (chosen.Count > K)
        {
            chosen.RemoveRange(K, chosen.Count - K);
        }

        return Gather(chosen);
    }

    private double SumChunks()
    {
        double total = 0;
        for (int c = 0; c < ChunkCount; c++)
        {
            total += _chunkScalar[c];
        }

        return total;
    }

    private T[] Gather(List<int> rows)
    {
        ReadOnlySpan<T> data = _data.Span;
        var result = new T[rows.Count * D];
        for (int i = 0; i < rows.Count; i++)
        {
            RowOf(data, rows[i]).CopyTo(result.AsSpan(i * D, D));
        }

        return result;
    }

    private void EnsureSeedingBuffers(int trials)
    {
        if (_closest.Length == 0)
        {
            _closest = new double[N];
            _seedNorms = new double[N];
            _chunkPotential = new double[ChunkCount];
        }

        if (_candidates.Length < trials)
        {
            _candidates = new int[trials];
            _chunkCandidatePotential = new double[ChunkCount * trials];
        }
    }

    /// <summary>Draws a row with probability proportional to its weight (uniformly without weights).</summary>
    private int SampleByWeight(Random random)
    {
        if (_weights is null)
        {
            return random.Next(N);
        }

        double total = 0;
        for (int r = 0; r < N; r++)
        {
            total += _weights[r];
        }

        double target = random.NextDouble() * total;
        double acc = 0;
        int lastPositive = 0;
        for (int r = 0; r < N; r++)
        {
            if (_weights[r] > 0)
            {
                acc += _weights[r];
                lastPositive = r;
                if (acc > target)
                {
                    return r;
                }
            }
        }

        return lastPositive;
    }

    /// <summary>The first row whose cumulative weighted potential exceeds <paramref name="target"/> (numpy's searchsorted on the cumulative sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SearchPotential(double target)
    {
        double acc = 0;
        int chunk = ChunkCount - 1;
        for (int c = 0; c < ChunkCount; c++)
        {
            if (acc + _chunkPotential[c] > target)
            {
                chunk = c;
                break;
            }

            acc += _chunkPotential[c];
        }

        (int start, int end) = Range(chunk);
        int lastPositive = -1;
        for (int r = start; r < end; r++)
        {
            double p = Weight(r) * EffectiveClosest(r);
            if (p > 0)
            {
                acc += p;
                lastPositive = r;
                if (acc > target)
                {
                    return r;
                }
            }
        }

        if (lastPositive >= 0)
        {
            return lastPositive;
        }

        // Rounding pushed the target past the last chunk with potential: take the last row with potential.
        for (int r = N - 1; r >= 0; r--)
        {
            if (Weight(r) * EffectiveClosest(r) > 0)
            {
                return r;
            }
        }

        return _firstRow;
    }

    private double EffectiveClosest(int row)
    {
        double closest = _closest[row];
        if (_pendingRow >= 0)
        {
            ReadOnlySpan<T> data = _data.Span;
            closest = Math.Min(closest, PendingDistance(data, row));
        }

        return closest;
    }

    /// <summary>
    /// The distance from a row to the pending centre (the best candidate of the previous step), computed
    /// from the previous step's packing exactly as its candidate pass did, so the search agrees with the
    /// chunk potentials.
    /// </summary>
    private double PendingDistance(ReadOnlySpan<T> data, int row)
    {
        Span<T> p = stackalloc T[_seedPacked!.PaddedClusters];
        NearestCentroid.Partials(ref RefAt(data, row * D), 1, _seedPacked, p);
        return Math.Max(0, _seedNorms[row] + double.CreateTruncating(p[_pendingLane]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SeedFirstChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        ReadOnlySpan<T> data = _data.Span;
        ReadOnlySpan<T> first = RowOf(data, _firstRow);
        double potential = 0;
        for (int r = start; r < end; r++)
        {
            double dist = double.CreateTruncating(SquaredEuclidean.Distance(RowOf(data, r), first));
            _seedNorms[r] = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref RefAt(data, r * D), D));
            _closest[r] = dist;
            potential += Weight(r) * dist;
        }

        _chunkScalar[chunk] = potential;
    }

    /// <summary>Packs the candidates (and the pending centre, in the last lane) for the fused candidate pass.</summary>
    private void PackSeedCandidates(T[] centroids, int step)
    {
        _ = centroids;
        _ = step;
        int trials = _candidateCount;
        _seedHasPending = _pendingRow >= 0;
        int count = trials + (_seedHasPending ? 1 : 0);
        if (_seedPacked is null || _seedPacked.MaxClusters < count)
        {
            _seedPacked = new PackedCentroids<T>(count, D);
        }

        var rows = new List<int>(count);
        for (int l = 0; l < trials; l++)
        {
            rows.Add(_candidates[l]);
        }

        if (_seedHasPending)
        {
            rows.Add(_pendingRow);
        }

        _seedPacked.Pack(Gather(rows), count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SeedCandidatesChunk(int chunk)
    {
        const int Block = 64;
        (int start, int end) = Range(chunk);
        ReadOnlySpan<T> data = _data.Span;
        int trials = _candidateCount;
        PackedCentroids<T> packed = _seedPacked!;
        int kp = packed.PaddedClusters;
        Vector512<double> lanes = Vector512<double>.Zero;
        ReadOnlySpan<double> rowWeights = _weights is null ? default : _weights.AsSpan(start, end - start);
        if (NearestCentroid.TryCandidatePotentials(ref RefAt(data, start * D), end - start, packed, _seedNorms.AsSpan(start, end - start), _closest.AsSpan(start, end - start), rowWeights, _seedHasPending ? trials : -1, ref lanes))
        {
            for (int l = 0; l < trials; l++)
            {
                _chunkCandidatePotential[(chunk * trials) + l] = lanes.GetElement(l);
            }

            return;
        }

        // Accumulated on the stack and stored once: adjacent chunks run on other threads at the same time.
        Span<double> potentials = stackalloc double[trials];
        potentials.Clear();
        Span<T> partials = kp <= 16 ? stackalloc T[Block * 16] : new T[Block * kp];
        bool pending = _seedHasPending;
        for (int s = start; s < end; s += Block)
        {
            int m = Math.Min(Block, end - s);
            NearestCentroid.Partials(ref RefAt(data, s * D), m, packed, partials);
            for (int i = 0; i < m; i++)
            {
                int r = s + i;
                double norm = _seedNorms[r];
                ReadOnlySpan<T> p = partials.Slice(i * kp, kp);
                double closest = _closest[r];
                if (pending)
                {
                    closest = Math.Min(closest, Math.Max(0, norm + double.CreateTruncating(p[trials])));
                    _closest[r] = closest;
                }

                double w = Weight(r);
                for (int l = 0; l < trials; l++)
                {
                    double dist = Math.Max(0, norm + double.CreateTruncating(p[l]));
                    potentials[l] += w * Math.Min(closest, dist);
                }
            }
        }

        potentials.CopyTo(_chunkCandidatePotential.AsSpan(chunk * trials, trials));
    }

    private void ParallelSampleChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        List<int> selected = _chunkSelected[chunk];
        selected.Clear();
        double scale = _parallelOversampling / _parallelPhi;
        ulong roundKey = _parallelSeed ^ ((ulong)(_parallelRound + 1) * 0x9E3779B97F4A7C15UL);
        for (int r = start; r < end; r++)
        {
            double p = scale * Weight(r) * _closest[r];
            if (p > 0 && Uniform(roundKey, r) < p)
            {
                selected.Add(r);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParallelUpdateChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        int d = D;
        ReadOnlySpan<T> data = _data.Span;
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        double potential = 0;
        for (int s = start; s < end; s += BlockRows)
        {
            int m = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref RefAt(data, s * d), m, _parallelPacked!, blockLabels, blockPartial);
            for (int i = 0; i < m; i++)
            {
                int row = s + i;
                double norm = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref RefAt(data, row * d), d));
                double dist = Math.Max(0, norm + double.CreateTruncating(blockPartial[i]));
                double closest = Math.Min(_closest[row], dist);
                _closest[row] = closest;
                potential += Weight(row) * closest;
            }
        }

        _chunkScalar[chunk] = potential;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParallelWeightsChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        int d = D;
        int m = _parallelPacked!.Count;
        ReadOnlySpan<T> data = _data.Span;
        Span<double> weights = _parallelChunkWeights.AsSpan(chunk * _parallelWeightStride, m);
        weights.Clear();
        Span<int> blockLabels = stackalloc int[BlockRows];
        Span<T> blockPartial = stackalloc T[BlockRows];
        for (int s = start; s < end; s += BlockRows)
        {
            int count = Math.Min(BlockRows, end - s);
            NearestCentroid.Assign(ref RefAt(data, s * d), count, _parallelPacked, blockLabels, blockPartial);
            for (int i = 0; i < count; i++)
            {
                weights[blockLabels[i]] += Weight(s + i);
            }
        }
    }

    /// <summary>A uniform number in [0, 1) from (key, row) by SplitMix64, so sampling is the same for any thread count.</summary>
    private static double Uniform(ulong key, int row)
    {
        ulong z = key + ((ulong)row * 0xBF58476D1CE4E5B9UL) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
