using Personalization.Internal;

namespace Personalization.Uplift.Learners;

/// <content>The out-of-bag error.</content>
public sealed partial class RandomForest
{
    private static ulong[] InBag(double[] weights)
    {
        var bits = new ulong[(weights.Length + 63) / 64];
        for (int r = 0; r < weights.Length; r++)
        {
            if (weights[r] > 0)
            {
                bits[r >> 6] |= 1UL << (r & 63);
            }
        }

        return bits;
    }

    /// <summary>Mean over rows left out by at least one tree of (y − mean of those trees' predictions)²; rows in parallel, trees in order.</summary>
    private static double OutOfBagError(RandomForestModel model, FeatureMatrix<double> features, double[] y, ulong[][] inBag, ParallelOptions parallel)
    {
        int n = features.RowCount, d = features.ColumnCount;
        var squared = new double[n];
        var counted = new bool[n];
        ReadOnlyMemory<double> values = features.AsMemory();
        const int Chunk = 1024;
        ChunkParallel.For((n + Chunk - 1) / Chunk, parallel, c =>
        {
            ReadOnlySpan<double> v = values.Span;
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int r = c * Chunk; r < end; r++)
            {
                ReadOnlySpan<double> row = v.Slice(r * d, d);
                double sum = 0;
                int trees = 0;
                for (int t = 0; t < inBag.Length; t++)
                {
                    if ((inBag[t][r >> 6] & (1UL << (r & 63))) == 0)
                    {
                        sum += model.PredictTree(t, row);
                        trees++;
                    }
                }

                if (trees > 0)
                {
                    double e = y[r] - (sum / trees);
                    squared[r] = e * e;
                    counted[r] = true;
                }
            }
        });

        double total = 0;
        int rows = 0;
        for (int r = 0; r < n; r++)
        {
            if (counted[r])
            {
                total += squared[r];
                rows++;
            }
        }

        return rows > 0 ? total / rows : double.NaN;
    }
}
