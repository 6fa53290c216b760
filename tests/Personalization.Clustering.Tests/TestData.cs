namespace Personalization.Clustering.Tests;

/// <summary>Seeded synthetic data for the clustering tests.</summary>
internal static class TestData
{
    /// <summary>Gaussian blobs with the given spread; returns the matrix and the true labels.</summary>
    public static (FeatureMatrix<double> Data, int[] Labels) Blobs(int rows, int dimensions, int clusters, int seed, double spread = 1.0, double centreRange = 10.0)
    {
        var rng = new Random(seed);
        var centres = new double[clusters * dimensions];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = ((rng.NextDouble() * 2) - 1) * centreRange;
        }

        var data = new double[rows * dimensions];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = r % clusters;
            labels[r] = c;
            for (int j = 0; j < dimensions; j++)
            {
                data[(r * dimensions) + j] = centres[(c * dimensions) + j] + (spread * Normal(rng));
            }
        }

        return (FeatureMatrix<double>.FromOwnedArray(data, rows, dimensions), labels);
    }

    /// <summary>Uniform random data in [0, 1).</summary>
    public static FeatureMatrix<double> Uniform(int rows, int dimensions, int seed)
    {
        var rng = new Random(seed);
        var data = new double[rows * dimensions];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.NextDouble();
        }

        return FeatureMatrix<double>.FromOwnedArray(data, rows, dimensions);
    }

    public static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Whether two labelings are the same partition up to renaming.</summary>
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
}
