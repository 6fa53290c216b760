using Personalization.TestData;

namespace Personalization.Benchmarks;

/// <summary>Shared helpers for benchmark data: paths to ../shared/data and seeded synthetic blobs.</summary>
public static class BenchmarkData
{
    /// <summary>Returns the path of a file in ../shared/data (the tests' fixture finds it).</summary>
    public static string SharedDataPath(string fileName) => SharedData.Path(fileName);

    /// <summary>The hierarchical benchmarks' data: 10,000 x 16 blobs (8 centres, seed 7), float32 values widened to double.</summary>
    public static FeatureMatrix<double> LinkageData() => FeatureMatrix<float>.FromOwnedArray(Blobs(10_000, 16, 8, 7), 10_000, 16).Convert<double>();

    /// <summary>The silhouette benchmarks' data: 20,000 x 16 blobs (8 centres, seed 11), float32.</summary>
    public static FeatureMatrix<float> SilhouetteData() => FeatureMatrix<float>.FromOwnedArray(Blobs(20_000, 16, 8, 11), 20_000, 16);

    /// <summary>The silhouette benchmarks' labels: row i in cluster i mod 8.</summary>
    public static int[] SilhouetteLabels()
    {
        var labels = new int[20_000];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 8;
        }

        return labels;
    }

    /// <summary>
    /// Writes the linkage and silhouette data as raw little-endian float32 (row-major) and the labels
    /// as int32 into <paramref name="directory"/>, for the SciPy/scikit-learn script.
    /// </summary>
    public static void Export(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "linkage_10000x16.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(Blobs(10_000, 16, 8, 7).AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(directory, "silhouette_20000x16.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(Blobs(20_000, 16, 8, 11).AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(directory, "silhouette_labels.i32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(SilhouetteLabels().AsSpan()).ToArray());
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
