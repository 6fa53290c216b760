using System.Runtime.Intrinsics;
using Personalization.Clustering.Internal;

namespace Personalization.Clustering.Tests.Metrics;

/// <summary>
/// The tiled symmetric silhouette kernel at every vector width this machine runs (and the scalar
/// width everywhere), on sizes that give one panel, several panels and an odd panel count, with
/// singleton clusters and clusters smaller than a vector, against a plain O(n^2) double reference.
/// </summary>
public sealed class SilhouetteKernelTests
{
    public static TheoryData<int, int, int> Cases() => new()
    {
        { 2, 1, 2 },
        { 5, 3, 2 },
        { 37, 7, 5 },
        { 600, 3, 3 },
        { 1537, 16, 7 },
        { 2600, 5, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_EveryWidthDouble_MatchesNaiveReference(int n, int d, int k)
    {
        (double[] x, int[] codes) = Data(n, d, k, seed: n + d);
        double[] expected = Naive(x, n, d, codes, k);
        foreach ((string name, double[] actual) in EveryWidth(x, n, d, codes, k, SilhouetteKernel.MirrorSumsLimit))
        {
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"{name}: sample {i} is {actual[i]}, expected {expected[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_EveryWidthFloat_MatchesDoubleReferenceToSinglePrecision(int n, int d, int k)
    {
        (double[] x, int[] codes) = Data(n, d, k, seed: (2 * n) + d);
        float[] single = x.Select(v => (float)v).ToArray();
        double[] expected = Naive(single.Select(v => (double)v).ToArray(), n, d, codes, k);
        foreach ((string name, double[] actual) in EveryWidth(single, n, d, codes, k, SilhouetteKernel.MirrorSumsLimit))
        {
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4, $"{name}: sample {i} is {actual[i]}, expected {expected[i]}");
            }
        }
    }

    [Fact]
    public void Compute_ManyClusterFallback_AgreesWithSymmetricSchedule()
    {
        const int n = 1800, d = 6, k = 9;
        (double[] x, int[] codes) = Data(n, d, k, seed: 5);
        double[] symmetric = EveryWidth(x, n, d, codes, k, SilhouetteKernel.MirrorSumsLimit)[0].Values;
        double[] fallback = EveryWidth(x, n, d, codes, k, mirrorSumsLimit: 0)[0].Values;
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(symmetric[i], fallback[i], 1e-12);
        }
    }

    [Fact]
    public void Compute_OneTwoOrThreeThreads_BitIdenticalSamples()
    {
        const int n = 3100, d = 5, k = 6;
        (double[] x, int[] codes) = Data(n, d, k, seed: 11);
        var one = new double[n];
        var two = new double[n];
        var three = new double[n];
        SilhouetteKernel.Compute<double>(x, n, d, codes, k, one, 1);
        SilhouetteKernel.Compute<double>(x, n, d, codes, k, two, 2);
        SilhouetteKernel.Compute<double>(x, n, d, codes, k, three, 3);
        Assert.Equal(one, two);
        Assert.Equal(one, three);
    }

    private static List<(string Name, double[] Values)> EveryWidth<T>(T[] x, int n, int d, int[] codes, int k, long mirrorSumsLimit)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var results = new List<(string, double[])>();
        if (Simd512<T>.IsAccelerated)
        {
            var values = new double[n];
            SilhouetteKernel.Compute<T, Vector512<T>, Simd512<T>>(x, n, d, codes, k, values, 2, mirrorSumsLimit);
            results.Add(("512", values));
        }

        if (Simd256<T>.IsAccelerated)
        {
            var values = new double[n];
            SilhouetteKernel.Compute<T, Vector256<T>, Simd256<T>>(x, n, d, codes, k, values, 2, mirrorSumsLimit);
            results.Add(("256", values));
        }

        var scalar = new double[n];
        SilhouetteKernel.Compute<T, T, SimdScalar<T>>(x, n, d, codes, k, scalar, 2, mirrorSumsLimit);
        results.Add(("scalar", scalar));
        return results;
    }

    /// <summary>Blob-like data with uneven cluster sizes (the first k rows make every cluster non-empty; small clusters are smaller than a vector).</summary>
    private static (double[] X, int[] Codes) Data(int n, int d, int k, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * d];
        var codes = new int[n];
        for (int i = 0; i < n; i++)
        {
            codes[i] = i < k ? i : (int)Math.Min(k - 1, Math.Floor(Math.Pow(rng.NextDouble(), 2) * k));
            for (int j = 0; j < d; j++)
            {
                x[(i * d) + j] = (codes[i] * 3.0) + (rng.NextDouble() * 4) - (j % 3);
            }
        }

        return (x, codes);
    }

    private static double[] Naive(double[] x, int n, int d, int[] codes, int k)
    {
        var result = new double[n];
        var counts = new int[k];
        foreach (int c in codes)
        {
            counts[c]++;
        }

        for (int i = 0; i < n; i++)
        {
            var sums = new double[k];
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int f = 0; f < d; f++)
                {
                    double e = x[(i * d) + f] - x[(j * d) + f];
                    s += e * e;
                }

                sums[codes[j]] += Math.Sqrt(s);
            }

            result[i] = SilhouetteKernel.FromSums(sums, codes[i], counts);
        }

        return result;
    }
}
