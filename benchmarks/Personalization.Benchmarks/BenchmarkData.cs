namespace Personalization.Benchmarks;

/// <summary>Shared helpers for benchmark data: paths to ../shared/data and seeded synthetic blobs.</summary>
public static class BenchmarkData
{
    /// <summary>Returns the path of a file in ../shared/data, found by walking up from the binaries to Personalization.sln.</summary>
    public static string SharedDataPath(string fileName)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", fileName));
            }
        }

        throw new InvalidOperationException("Personalization.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Seeded Gaussian blobs: <paramref name="clusters"/> centres in [-10, 10]^d, unit noise; row-major.</summary>
    public static float[] Blobs(int rows, int dimensions, int clusters, int seed)
    {
        var rng = new Random(seed);
        var centres = new float[clusters * dimensions];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)((rng.NextDouble() * 20) - 10);
        }

        var data = new float[rows * dimensions];
        for (int r = 0; r < rows; r++)
        {
            int c = rng.Next(clusters);
            for (int j = 0; j < dimensions; j++)
            {
                // Box-Muller normal noise.
                double u1 = 1.0 - rng.NextDouble();
                double u2 = rng.NextDouble();
                double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                data[(r * dimensions) + j] = centres[(c * dimensions) + j] + (float)z;
            }
        }

        return data;
    }
}
