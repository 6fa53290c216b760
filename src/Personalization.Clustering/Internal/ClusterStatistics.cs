using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>Per-cluster means and sums of squares in double precision, accumulated in row order.</summary>
internal static class ClusterStatistics
{
    /// <summary>Returns the k x d cluster means (row-major) and fills <paramref name="counts"/>.</summary>
    public static double[] Means<T>(ReadOnlySpan<T> data, int n, int d, ReadOnlySpan<int> codes, int k, Span<int> counts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var means = new double[k * d];
        counts.Clear();
        for (int i = 0; i < n; i++)
        {
            int c = codes[i];
            counts[c]++;
            ReadOnlySpan<T> row = data.Slice(i * d, d);
            Span<double> m = means.AsSpan(c * d, d);
            for (int j = 0; j < d; j++)
            {
                m[j] += double.CreateTruncating(row[j]);
            }
        }

        for (int c = 0; c < k; c++)
        {
            if (counts[c] > 0)
            {
                Span<double> m = means.AsSpan(c * d, d);
                double inv = 1.0 / counts[c];
                for (int j = 0; j < d; j++)
                {
                    m[j] *= inv;
                }
            }
        }

        return means;
    }

    /// <summary>Squared Euclidean distance between a row and a double-precision centre.</summary>
    public static double SquaredDistance<T>(ReadOnlySpan<T> row, ReadOnlySpan<double> centre)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int j = 0; j < row.Length; j++)
        {
            double e = double.CreateTruncating(row[j]) - centre[j];
            sum += e * e;
        }

        return sum;
    }

    /// <summary>Squared Euclidean distance between two double-precision vectors.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double e = a[j] - b[j];
            sum += e * e;
        }

        return sum;
    }
}
