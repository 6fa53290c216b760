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
                data[(r * dimensions) + j] = T.CreateTruncating(centres[(c * dimensions) + j] + Normal(rng));
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

    /// <summary>Returns true when two labelings are the same partition up to renaming.</summary>
    public static bool SamePartition(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (int i = 0; i < a.Length; i++)
        {
            if ((forward.TryGetValue(a[i], out int f) && f != b[i]) || (backward.TryGetValue(b[i], out int g) && g != a[i]))
            {
                return false;
            }

            forward[a[i]] = b[i];
            backward[b[i]] = a[i];
        }

        return true;
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
