using System.Numerics;

namespace Personalization.Clustering.Tests;

/// <summary>Seeded synthetic data for the K-Means tests.</summary>
internal static class KMeansTestData
{
    /// <summary>Gaussian blobs: <paramref name="clusters"/> centres in [-spread, spread]^d, unit noise; returns data and true labels.</summary>
    public static (FeatureMatrix<T> Data, int[] Truth) Blobs<T>(int rows, int dimensions, int clusters, int seed, double spread = 10)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var centres = new double[clusters * dimensions];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = ((rng.NextDouble() * 2) - 1) * spread;
        }

        var data = new T[rows * dimensions];
        var truth = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = r % clusters;
            truth[r] = c;
            for (int j = 0; j < dimensions; j++)
            {
                data[(r * dimensions) + j] = T.CreateTruncating(centres[(c * dimensions) + j] + TestData.Normal(rng));
            }
        }

        return (FeatureMatrix<T>.FromOwnedArray(data, rows, dimensions), truth);
    }

    /// <summary>Uniform random values in [-1, 1).</summary>
    public static T[] Uniform<T>(int count, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = T.CreateTruncating((rng.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>The first <paramref name="k"/> rows, as starting centroids.</summary>
    public static FeatureMatrix<double> FirstRows<T>(FeatureMatrix<T> data, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = new int[k];
        for (int i = 0; i < k; i++)
        {
            rows[i] = i * 7 % data.RowCount;
        }

        return data.SelectRows(rows).Convert<double>();
    }

    /// <summary>Brute-force squared distance in double.</summary>
    public static double Distance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double d = double.CreateTruncating(a[j]) - double.CreateTruncating(b[j]);
            sum += d * d;
        }

        return sum;
    }
}
