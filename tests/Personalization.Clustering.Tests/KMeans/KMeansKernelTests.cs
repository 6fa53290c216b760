using System.Numerics;
using System.Runtime.Intrinsics;
using Personalization.Clustering.Internal;

namespace Personalization.Clustering.Tests;

/// <summary>The SIMD kernels against scalar references at every dimension 0..256 and on misaligned slices.</summary>
public sealed class KMeansKernelTests
{
    [Fact]
    public void SquaredEuclidean_EveryLength0To256_MatchesScalarReference_Double() => CheckDistances<double>(1e-12);

    [Fact]
    public void SquaredEuclidean_EveryLength0To256_MatchesScalarReference_Float() => CheckDistances<float>(1e-5);

    [Fact]
    public void NearestCentroid_EveryDimension1To256_MatchesBruteForce_Double() => CheckAssign<double>(1e-10);

    [Fact]
    public void NearestCentroid_EveryDimension1To256_MatchesBruteForce_Float() => CheckAssign<float>(1e-4);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(70)]
    public void NearestCentroid_ManyClusterCounts_MatchesScalarKernel(int k)
    {
        CheckClusterCount<float>(k);
        CheckClusterCount<double>(k);
    }

    [Fact]
    public void NearestCentroid_ExactTie_PicksLowestIndex()
    {
        foreach (int k in new[] { 4, 12, 40 })
        {
            var pc = new PackedCentroids<double>(k, 2);
            var centroids = new double[k * 2];
            for (int c = 0; c < k; c++)
            {
                centroids[(c * 2) + 0] = 100 + c;
                centroids[(c * 2) + 1] = 100 + c;
            }

            // Centroids 1 and k-1 are both at distance 1 from the row (0, 0)... make two equal ones.
            centroids[2] = 1;
            centroids[3] = 0;
            centroids[((k - 1) * 2) + 0] = 0;
            centroids[((k - 1) * 2) + 1] = 1;
            pc.Pack(centroids, k);
            double[] row = [0, 0];
            var labels = new int[1];
            var partial = new double[1];
            NearestCentroid.Assign(ref row[0], 1, pc, labels, partial);
            Assert.Equal(1, labels[0]);
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(16, false)]
    [InlineData(17, true)]
    [InlineData(64, true)]
    public void CandidatePotentials_FusedKernel_BitIdenticalToPartialsLoop(int d, bool weighted)
    {
        CheckCandidatePotentials<float>(d, weighted);
        CheckCandidatePotentials<double>(d, weighted);
    }

    private static void CheckCandidatePotentials<T>(int d, bool weighted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int rows = 103;
        const int lanes = 6;
        T[] x = KMeansTestData.Uniform<T>(rows * d, d);
        T[] centroids = KMeansTestData.Uniform<T>(lanes * d, d + 11);
        var pc = new PackedCentroids<T>(lanes, d);
        pc.Pack(centroids, lanes);
        var norms = new double[rows];
        var closest = new double[rows];
        var w = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            norms[r] = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref x[r * d], d));
            closest[r] = (r % 5) * 0.3 * d;
            w[r] = 0.5 + (r % 3);
        }

        // The scalar loop the seeding pass used before the fused kernel (pending centre in lane 5).
        var expected = new double[lanes];
        var expectedClosest = (double[])closest.Clone();
        var partials = new T[rows * pc.PaddedClusters];
        NearestCentroid.Partials(ref x[0], rows, pc, partials);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> p = partials.AsSpan(r * pc.PaddedClusters, pc.PaddedClusters);
            double c = Math.Min(expectedClosest[r], Math.Max(0, norms[r] + double.CreateTruncating(p[lanes - 1])));
            expectedClosest[r] = c;
            for (int l = 0; l < lanes - 1; l++)
            {
                expected[l] += (weighted ? w[r] : 1.0) * Math.Min(c, Math.Max(0, norms[r] + double.CreateTruncating(p[l])));
            }
        }

        var acc = Vector512<double>.Zero;
        bool done = NearestCentroid.TryCandidatePotentials(ref x[0], rows, pc, norms, closest, weighted ? w : default, lanes - 1, ref acc);
        if (!done)
        {
            // Only eight-lane packings of the kernel's widths are fused; others take the loop above.
            Assert.False(Vector512.IsHardwareAccelerated && typeof(T) == typeof(double));
            return;
        }

        for (int l = 0; l < lanes - 1; l++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[l]), BitConverter.DoubleToInt64Bits(acc.GetElement(l)));
        }

        Assert.Equal(expectedClosest, closest);
    }

    private static void CheckDistances<T>(double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] a = KMeansTestData.Uniform<T>(300, 1);
        T[] b = KMeansTestData.Uniform<T>(300, 2);
        for (int offset = 0; offset < 4; offset++)
        {
            for (int length = 0; length <= 256; length++)
            {
                ReadOnlySpan<T> x = a.AsSpan(offset, length);
                ReadOnlySpan<T> y = b.AsSpan(3 - offset, length);
                double expected = SquaredEuclidean.DistanceScalar(x, y);
                double actual = double.CreateTruncating(SquaredEuclidean.Distance(x, y));
                Assert.True(Math.Abs(actual - expected) <= tolerance * (1 + expected), $"length {length}, offset {offset}: {actual} vs {expected}");
                double norm = double.CreateTruncating(SquaredEuclidean.SquaredNorm(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x), length));
                Assert.True(Math.Abs(norm - SquaredEuclidean.DistanceScalar(x, new T[length])) <= tolerance * (1 + norm), $"norm length {length}");
            }
        }
    }

    private static void CheckAssign<T>(double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int rows = 7;
        const int k = 5;
        for (int d = 1; d <= 256; d++)
        {
            // Misaligned: the rows start one element into the array.
            T[] buffer = KMeansTestData.Uniform<T>((rows * d) + 1, d);
            T[] centroids = KMeansTestData.Uniform<T>(k * d, 1000 + d);
            var pc = new PackedCentroids<T>(k, d);
            pc.Pack(centroids, k);
            var labels = new int[rows];
            var partial = new T[rows];
            NearestCentroid.Assign(ref buffer[1], rows, pc, labels, partial);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<T> x = buffer.AsSpan(1 + (r * d), d);
                double best = double.PositiveInfinity;
                var distances = new double[k];
                for (int c = 0; c < k; c++)
                {
                    distances[c] = KMeansTestData.Distance(x, centroids.AsSpan(c * d, d));
                    best = Math.Min(best, distances[c]);
                }

                double norm = KMeansTestData.Distance(x, new T[d]);
                double got = norm + double.CreateTruncating(partial[r]);
                double scale = norm + 1;
                Assert.True(Math.Abs(got - best) <= tolerance * scale * d, $"d {d} row {r}: distance {got} vs {best}");
                Assert.True(distances[labels[r]] - best <= tolerance * scale * d, $"d {d} row {r}: label {labels[r]} is not nearest");
            }
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void NearestCentroid_EveryVectorWidth_BitIdentical(int k)
    {
        CheckWidths<float>(k);
        CheckWidths<double>(k);
    }

    /// <summary>The one width-generic body at 512 and 256 bits: each lane does the same FMAs, so labels and partials agree exactly.</summary>
    private static void CheckWidths<T>(int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int rows = 23;
        for (int d = 1; d <= 19; d++)
        {
            T[] x = KMeansTestData.Uniform<T>(rows * d, k + d);
            T[] centroids = KMeansTestData.Uniform<T>(k * d, k + (3 * d));
            var pc = new PackedCentroids<T>(k, d);
            pc.Pack(centroids, k);
            var results = new List<(string Width, int[] Labels, T[] Partial)>();
            if (Simd512<T>.IsAccelerated && pc.PaddedClusters % Vector512<T>.Count == 0)
            {
                var labels = new int[rows];
                var partial = new T[rows];
                NearestCentroid.Assign<T, Vector512<T>, Simd512<T>>(ref x[0], rows, pc, labels, partial);
                results.Add(("512", labels, partial));
            }

            if (Simd256<T>.IsAccelerated && pc.PaddedClusters % Vector256<T>.Count == 0)
            {
                var labels = new int[rows];
                var partial = new T[rows];
                NearestCentroid.Assign<T, Vector256<T>, Simd256<T>>(ref x[0], rows, pc, labels, partial);
                results.Add(("256", labels, partial));
            }

            var scalarLabels = new int[rows];
            var scalarPartial = new T[rows];
            NearestCentroid.AssignScalar(ref x[0], rows, pc, scalarLabels, scalarPartial);
            foreach ((string width, int[] labels, T[] partial) in results)
            {
                Assert.Equal(results[0].Labels, labels);
                Assert.Equal(results[0].Partial, partial);
                for (int r = 0; r < rows; r++)
                {
                    double a = double.CreateTruncating(partial[r]);
                    double b = double.CreateTruncating(scalarPartial[r]);
                    Assert.True(Math.Abs(a - b) <= 1e-4 * (1 + Math.Abs(b)), $"{width} k {k} d {d} row {r}: {a} vs {b}");
                }
            }
        }
    }

    private static void CheckClusterCount<T>(int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int rows = 41;
        const int d = 13;
        T[] x = KMeansTestData.Uniform<T>(rows * d, k);
        T[] centroids = KMeansTestData.Uniform<T>(k * d, k + 7);
        var pc = new PackedCentroids<T>(k, d);
        pc.Pack(centroids, k);
        var labels = new int[rows];
        var partial = new T[rows];
        var scalarLabels = new int[rows];
        var scalarPartial = new T[rows];
        NearestCentroid.Assign(ref x[0], rows, pc, labels, partial);
        NearestCentroid.AssignScalar(ref x[0], rows, pc, scalarLabels, scalarPartial);
        for (int r = 0; r < rows; r++)
        {
            double a = double.CreateTruncating(partial[r]);
            double b = double.CreateTruncating(scalarPartial[r]);
            Assert.True(Math.Abs(a - b) <= 1e-4 * (1 + Math.Abs(b)), $"k {k} row {r}: {a} vs {b}");
            if (labels[r] != scalarLabels[r])
            {
                // Only a near tie may differ.
                double da = KMeansTestData.Distance(x.AsSpan(r * d, d), centroids.AsSpan(labels[r] * d, d));
                double db = KMeansTestData.Distance(x.AsSpan(r * d, d), centroids.AsSpan(scalarLabels[r] * d, d));
                Assert.True(Math.Abs(da - db) <= 1e-4, $"k {k} row {r}: labels {labels[r]} vs {scalarLabels[r]}");
            }
        }
    }
}
