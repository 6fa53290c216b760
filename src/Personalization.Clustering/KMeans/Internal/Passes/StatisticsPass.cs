using System.Numerics;
using System.Runtime.CompilerServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Per-chunk column means and sums of squared deviations (shifted by the chunk's first row: no
/// division per value and no cancellation for data far from the origin) and the weighted squared norm;
/// <see cref="Compute"/> merges the chunks in chunk order (Chan et al.).
/// </summary>
internal readonly struct StatisticsPass<T>(KMeansEngine<T> engine, double[] statistics, int stride) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Runs the pass and returns the mean over columns of the population variance and the sum of w ||x||^2.</summary>
    public static (double MeanVariance, double WeightedSquaredNorm) Compute(KMeansEngine<T> engine)
    {
        int d = engine.D;
        int stride = KMeansEngine<T>.Stride(2 * d, sizeof(double));
        var statistics = new double[engine.ChunkCount * stride];
        engine.Run(new StatisticsPass<T>(engine, statistics, stride));

        // Chan et al. pairwise merge of (count, mean, M2) per column, in chunk order.
        double total = 0;
        var mean = new double[d];
        var m2 = new double[d];
        double norm = 0;
        for (int c = 0; c < engine.ChunkCount; c++)
        {
            (int start, int end) = engine.Range(c);
            double count = end - start;
            ReadOnlySpan<double> chunkMean = statistics.AsSpan(c * stride, d);
            ReadOnlySpan<double> chunkM2 = statistics.AsSpan((c * stride) + d, d);
            double newTotal = total + count;
            for (int j = 0; j < d; j++)
            {
                double delta = chunkMean[j] - mean[j];
                mean[j] += delta * count / newTotal;
                m2[j] += chunkM2[j] + (delta * delta * total * count / newTotal);
            }

            total = newTotal;
            norm += engine.ChunkScalar[c];
        }

        double variance = 0;
        for (int j = 0; j < d; j++)
        {
            variance += m2[j] / engine.N;
        }

        return (variance / d, norm);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        (int start, int end) = engine.Range(chunk);
        int d = engine.D;
        ReadOnlySpan<T> data = engine.Data.Span;
        Span<double> m = statistics.AsSpan(chunk * stride, d);
        Span<double> m2 = statistics.AsSpan((chunk * stride) + d, d);
        m.Clear();
        m2.Clear();
        ReadOnlySpan<T> shift = data.Slice(start * d, d);
        double norm = 0;
        for (int r = start; r < end; r++)
        {
            ReadOnlySpan<T> x = data.Slice(r * d, d);
            double rowNorm = 0;
            for (int j = 0; j < d; j++)
            {
                double v = double.CreateTruncating(x[j]);
                double delta = v - double.CreateTruncating(shift[j]);
                m[j] += delta;
                m2[j] += delta * delta;
                rowNorm += v * v;
            }

            norm += engine.Weight(r) * rowNorm;
        }

        double count = end - start;
        for (int j = 0; j < d; j++)
        {
            double sum = m[j];
            m[j] = double.CreateTruncating(shift[j]) + (sum / count);
            m2[j] = Math.Max(0, m2[j] - (sum * sum / count));
        }

        engine.ChunkScalar[chunk] = norm;
    }
}
