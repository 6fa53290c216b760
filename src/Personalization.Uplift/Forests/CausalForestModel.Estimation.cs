using Personalization.Internal;
using Personalization.Uplift.Forests.Internal;

namespace Personalization.Uplift;

/// <content>Routing rows through the trees (tree-major, in blocks) and the effect and variance estimate from their leaves.</content>
public sealed partial class CausalForestModel
{
    /// <summary>Rows per block of the tree-major traversal: one tree's nodes stay in cache while it routes the block.</summary>
    private const int RowBlock = 64;

    private void PredictCore(FeatureMatrix<double> features, double[] effects, double[]? variances) =>
        ForEachBlock(features, null, (r, leaves, scratch) =>
        {
            for (int t = 0; t < TreeCount; t++)
            {
                CopyStats(leaves[t], scratch.AsSpan(t * _leafStats, _leafStats));
            }

            (effects[r], double variance) = Estimate(scratch, TreeCount, variances is not null, features.AsSpan().Slice(r * FeatureCount, FeatureCount));
            if (variances is not null)
            {
                variances[r] = variance;
            }
        });

    /// <summary>
    /// The effect at every training row from the trees whose sample did not hold it (all trees for a row that every
    /// tree sampled); <paramref name="inSample"/> holds one bit per row for each tree.
    /// </summary>
    internal double[] OutOfBagEffects(FeatureMatrix<double> features, ulong[][] inSample, ParallelOptions parallel)
    {
        var effects = new double[features.RowCount];
        ForEachBlock(features, parallel, (r, leaves, scratch) =>
        {
            int used = 0;
            for (int t = 0; t < TreeCount; t++)
            {
                if ((inSample[t][r >> 6] & (1UL << (r & 63))) == 0)
                {
                    CopyStats(leaves[t], scratch.AsSpan(used++ * _leafStats, _leafStats));
                }
            }

            if (used == 0)
            {
                for (int t = 0; t < TreeCount; t++)
                {
                    CopyStats(leaves[t], scratch.AsSpan(t * _leafStats, _leafStats));
                }

                used = TreeCount;
            }

            effects[r] = Estimate(scratch, used, false, features.AsSpan().Slice(r * FeatureCount, FeatureCount)).Effect;
        });
        return effects;
    }

    private delegate void RowVisitor(int row, ReadOnlySpan<int> leaves, double[] scratch);

    /// <summary>
    /// Routes the rows through every tree in blocks of <see cref="RowBlock"/> rows, tree by tree, then calls
    /// <paramref name="visit"/> for each row with its node in every tree (tree order) and a scratch of TreeCount · leaf statistics.
    /// </summary>
    private void ForEachBlock(FeatureMatrix<double> features, ParallelOptions? parallel, RowVisitor visit)
    {
        int n = features.RowCount, d = FeatureCount, trees = TreeCount;
        ReadOnlyMemory<double> values = features.AsMemory();
        parallel ??= new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism == 0 ? -1 : Options.MaxDegreeOfParallelism };

        // Fixed chunks of blocks (at most 64, independent of the thread count), each with its own buffers.
        int blocks = ChunkParallel.ChunkCount(n, RowBlock);
        int blocksPerChunk = ChunkParallel.ChunkSize(blocks, 1);
        ChunkParallel.For(ChunkParallel.ChunkCount(blocks, blocksPerChunk), parallel, chunk =>
        {
            var leaves = new int[RowBlock * trees];
            var scratch = new double[trees * _leafStats];
            ReadOnlySpan<double> v = values.Span;
            int lastBlock = Math.Min(blocks, (chunk + 1) * blocksPerChunk);
            for (int block = chunk * blocksPerChunk; block < lastBlock; block++)
            {
                int start = block * RowBlock, count = Math.Min(RowBlock, n - start);
                for (int t = 0; t < trees; t++)
                {
                    for (int i = 0; i < count; i++)
                    {
                        leaves[(i * trees) + t] = Node(t, v.Slice((start + i) * d, d));
                    }
                }

                for (int i = 0; i < count; i++)
                {
                    visit(start + i, leaves.AsSpan(i * trees, trees), scratch);
                }
            }
        });
    }

    /// <summary>The node of tree <paramref name="tree"/> whose means <paramref name="row"/> uses: the deepest node on its path with estimation rows.</summary>
    private int Node(int tree, ReadOnlySpan<double> row)
    {
        int[] feature = _nodes.Feature;
        double[] threshold = _nodes.Threshold;
        int node = _nodes.Roots[tree];
        while (feature[node] >= 0)
        {
            int child = row[feature[node]] <= threshold[node] ? _nodes.Left[node] : _nodes.Right[node];
            if (_stats[child * _statCount] <= 0)
            {
                break;
            }

            node = child;
        }

        return node;
    }

    private void CopyStats(int node, Span<double> destination) => _stats.AsSpan((node * _statCount) + 1, _leafStats).CopyTo(destination);

    /// <summary>τ̂ from the first <paramref name="trees"/> leaf-mean blocks of <paramref name="leaf"/> and, when asked, its little-bag variance.</summary>
    private (double Effect, double Variance) Estimate(double[] leaf, int trees, bool variance, ReadOnlySpan<double> row)
    {
        if (_correction.Length > 0)
        {
            return EstimateCorrected(leaf, trees, variance, row);
        }

        const int LeafStats = 4;
        double aw = 0, ay = 0, awy = 0, aww = 0;
        for (int t = 0; t < trees; t++)
        {
            int c = t * LeafStats;
            aw += leaf[c];
            ay += leaf[c + 1];
            awy += leaf[c + 2];
            aww += leaf[c + 3];
        }

        aw /= trees;
        ay /= trees;
        awy /= trees;
        aww /= trees;
        double jacobian = Math.Max(aww - (aw * aw), 1e-12);
        double tau = (awy - (aw * ay)) / jacobian;
        if (!variance)
        {
            return (tau, double.NaN);
        }

        int size = Options.ConfidenceGroupSize, groups = trees / size;
        double between = 0, total = 0;
        for (int g = 0; g < groups; g++)
        {
            double groupSum = 0;
            for (int j = 0; j < size; j++)
            {
                int c = ((g * size) + j) * LeafStats;
                double mw = leaf[c], my = leaf[c + 1], mwy = leaf[c + 2], mww = leaf[c + 3];
                double psi = ((mwy - (aw * my) - (ay * mw) + (aw * ay)) - (tau * (mww - (2 * aw * mw) + (aw * aw)))) / jacobian;
                total += psi * psi;
                groupSum += psi;
            }

            double groupMean = groupSum / size;
            between += groupMean * groupMean;
        }

        between /= groups;
        total /= groups * size;
        double noise = (total - between) / (size - 1);
        return (tau, Debias(between, noise, groups));
    }

    /// <summary>
    /// grf's objective-Bayes correction of V<sub>between</sub> − noise: with s = max(V<sub>between</sub>, noise)·√(2/G) and
    /// r = (V<sub>between</sub> − noise)/s, the estimate plus s·φ(r)/Φ(r), the mean of a normal truncated to [0, ∞).
    /// </summary>
    internal static double Debias(double between, double noise, int groups)
    {
        double initial = between - noise;
        double se = Math.Max(between, noise) * Math.Sqrt(2.0 / groups);
        if (!(se > 0))
        {
            return Math.Max(initial, 0);
        }

        double ratio = initial / se;
        if (ratio < -35)
        {
            // φ(r)/Φ(r) ≈ −r − 1/r far in the left tail, so initial + s·φ/Φ ≈ s/(−r).
            return se / -ratio;
        }

        double density = Math.Exp(-ratio * ratio / 2) / Math.Sqrt(2 * Math.PI);
        double cdf = MathNet.Numerics.Distributions.Normal.CDF(0, 1, ratio);
        return initial + (se * density / cdf);
    }
}
