using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Initialisation over a <see cref="KMeansEngine{T}"/>'s rows: greedy K-Means++, random rows, and the
/// state K-Means|| (<see cref="KMeansParallelSeeding{T}"/>) shares: each row's squared distance to its
/// closest chosen centre and its squared norm. The passes (<see cref="SeedFirstPass{T}"/>,
/// <see cref="SeedCandidatesPass{T}"/>) write per-chunk potentials reduced here in chunk order.
/// </summary>
internal sealed class KMeansSeeding<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly KMeansEngine<T> _engine;
    private readonly double[] _chunkPotential;
    private double[] _chunkCandidatePotential = [];
    private int[] _candidates = [];
    private PackedCentroids<T>? _candidatePacked;
    private int _pendingRow = -1;
    private int _pendingLane;
    private int _firstRow;

    public KMeansSeeding(KMeansEngine<T> engine)
    {
        _engine = engine;
        Closest = new double[engine.N];
        Norms = new double[engine.N];
        _chunkPotential = new double[engine.ChunkCount];
    }

    /// <summary>Gets each row's squared distance to the closest centre chosen so far.</summary>
    public double[] Closest { get; }

    /// <summary>Gets each row's squared norm (set by <see cref="StartFrom"/>).</summary>
    public double[] Norms { get; }

    /// <summary>The number of local trials of greedy K-Means++: 2 + floor(ln k), as scikit-learn.</summary>
    public static int LocalTrials(int k) => 2 + (int)Math.Log(k);

    /// <summary>Seeds a single-threaded fit over <paramref name="data"/> by K-Means++ (mini-batch K-Means' first batch); false when its variance overflows.</summary>
    public static bool TryPlusPlus(ReadOnlyMemory<T> data, int rows, int columns, int clusters, Random random, out T[] centroids)
    {
        using var engine = new KMeansEngine<T>(data, rows, columns, clusters, null, 1);
        engine.ComputeStatistics();
        if (!double.IsFinite(engine.MeanVariance))
        {
            centroids = [];
            return false;
        }

        centroids = engine.SeedPlusPlus(random, CancellationToken.None);
        return true;
    }

    /// <summary>Greedy K-Means++ (scikit-learn's <c>_kmeans_plusplus</c>): returns k row-major centroids.</summary>
    public T[] PlusPlus(Random random, CancellationToken cancellationToken)
    {
        KMeansEngine<T> e = _engine;
        int k = e.K, d = e.D, chunks = e.ChunkCount;
        int trials = LocalTrials(k);
        if (_candidates.Length < trials)
        {
            _candidates = new int[trials];
            _chunkCandidatePotential = new double[chunks * trials];
        }

        var centroids = new T[k * d];
        ReadOnlySpan<T> data = e.Data.Span;
        int first = SampleByWeight(random);
        data.Slice(first * d, d).CopyTo(centroids);
        StartFrom(first);
        e.ChunkScalar.AsSpan(0, chunks).CopyTo(_chunkPotential);
        for (int c = 1; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double potential = 0;
            for (int ch = 0; ch < chunks; ch++)
            {
                potential += _chunkPotential[ch];
            }

            for (int l = 0; l < trials; l++)
            {
                _candidates[l] = SearchPotential(random.NextDouble() * potential);
            }

            bool pending = PackCandidates(trials);
            e.Run(new SeedCandidatesPass<T>(e, _candidatePacked!, trials, pending, Norms, Closest, _chunkCandidatePotential));
            int best = 0;
            double bestPotential = double.PositiveInfinity;
            for (int l = 0; l < trials; l++)
            {
                double total = 0;
                for (int ch = 0; ch < chunks; ch++)
                {
                    total += _chunkCandidatePotential[(ch * trials) + l];
                }

                if (total < bestPotential)
                {
                    bestPotential = total;
                    best = l;
                }
            }

            for (int ch = 0; ch < chunks; ch++)
            {
                _chunkPotential[ch] = _chunkCandidatePotential[(ch * trials) + best];
            }

            _pendingRow = _candidates[best];
            _pendingLane = best;
            data.Slice(_pendingRow * d, d).CopyTo(centroids.AsSpan(c * d, d));
        }

        _pendingRow = -1;
        return centroids;
    }

    /// <summary>k distinct rows, uniformly (Floyd's algorithm) or with probability proportional to weight.</summary>
    public T[] RandomRows(Random random)
    {
        KMeansEngine<T> e = _engine;
        int n = e.N, k = e.K;
        var chosen = new List<int>(k);
        var set = new HashSet<int>();
        if (e.Weights is null)
        {
            for (int j = n - k; j < n; j++)
            {
                int t = random.Next(j + 1);
                int pick = set.Contains(t) ? j : t;
                set.Add(pick);
                chosen.Add(pick);
            }
        }
        else
        {
            int attempts = 0;
            while (chosen.Count < k && attempts < 100 * k)
            {
                attempts++;
                int pick = SampleByWeight(random);
                if (set.Add(pick))
                {
                    chosen.Add(pick);
                }
            }

            for (int r = 0; r < n && chosen.Count < k; r++)
            {
                if (e.Weights[r] > 0 && set.Add(r))
                {
                    chosen.Add(r);
                }
            }
        }

        return Gather(chosen);
    }

    /// <summary>Starts from the single centre <paramref name="first"/>: every row's distance to it and norm; the chunk potentials land in the engine's chunk scalars.</summary>
    public void StartFrom(int first)
    {
        _firstRow = first;
        _pendingRow = -1;
        _engine.Run(new SeedFirstPass<T>(_engine, first, Closest, Norms));
    }

    /// <summary>Returns the rows <paramref name="rows"/> as a row-major matrix.</summary>
    public T[] Gather(List<int> rows)
    {
        int d = _engine.D;
        ReadOnlySpan<T> data = _engine.Data.Span;
        var result = new T[rows.Count * d];
        for (int i = 0; i < rows.Count; i++)
        {
            data.Slice(rows[i] * d, d).CopyTo(result.AsSpan(i * d, d));
        }

        return result;
    }

    /// <summary>Draws a row with probability proportional to its weight (uniformly without weights).</summary>
    public int SampleByWeight(Random random)
    {
        double[]? weights = _engine.Weights;
        int n = _engine.N;
        if (weights is null)
        {
            return random.Next(n);
        }

        double total = 0;
        for (int r = 0; r < n; r++)
        {
            total += weights[r];
        }

        double target = random.NextDouble() * total;
        double acc = 0;
        int lastPositive = 0;
        for (int r = 0; r < n; r++)
        {
            if (weights[r] > 0)
            {
                acc += weights[r];
                lastPositive = r;
                if (acc > target)
                {
                    return r;
                }
            }
        }

        return lastPositive;
    }

    /// <summary>Packs the candidates (and the pending centre, in the last lane) for the fused candidate pass; returns whether a centre is pending.</summary>
    private bool PackCandidates(int trials)
    {
        bool pending = _pendingRow >= 0;
        int count = trials + (pending ? 1 : 0);
        if (_candidatePacked is null || _candidatePacked.MaxClusters < count)
        {
            _candidatePacked = new PackedCentroids<T>(count, _engine.D);
        }

        var rows = new List<int>(count);
        for (int l = 0; l < trials; l++)
        {
            rows.Add(_candidates[l]);
        }

        if (pending)
        {
            rows.Add(_pendingRow);
        }

        _candidatePacked.Pack(Gather(rows), count);
        return pending;
    }

    /// <summary>The first row whose cumulative weighted potential exceeds <paramref name="target"/> (numpy's searchsorted on the cumulative sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SearchPotential(double target)
    {
        KMeansEngine<T> e = _engine;
        double acc = 0;
        int chunk = e.ChunkCount - 1;
        for (int c = 0; c < e.ChunkCount; c++)
        {
            if (acc + _chunkPotential[c] > target)
            {
                chunk = c;
                break;
            }

            acc += _chunkPotential[c];
        }

        (int start, int end) = e.Range(chunk);
        int lastPositive = -1;
        for (int r = start; r < end; r++)
        {
            double p = e.Weight(r) * EffectiveClosest(r);
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
        for (int r = e.N - 1; r >= 0; r--)
        {
            if (e.Weight(r) * EffectiveClosest(r) > 0)
            {
                return r;
            }
        }

        return _firstRow;
    }

    /// <summary>
    /// The row's closest distance including the pending centre (the best candidate of the previous step),
    /// whose distance is computed from the previous step's packing exactly as its candidate pass did, so the
    /// search agrees with the chunk potentials.
    /// </summary>
    private double EffectiveClosest(int row)
    {
        double closest = Closest[row];
        if (_pendingRow >= 0)
        {
            int d = _engine.D;
            Span<T> p = stackalloc T[_candidatePacked!.PaddedClusters];
            NearestCentroid.Partials(ref Unsafe.Add(ref MemoryMarshal.GetReference(_engine.Data.Span), row * d), 1, _candidatePacked, p);
            closest = Math.Min(closest, Math.Max(0, Norms[row] + double.CreateTruncating(p[_pendingLane])));
        }

        return closest;
    }
}
