using FsCheck;
using FsCheck.Xunit;
using Personalization.Clustering.Internal;

namespace Personalization.Clustering.Tests.Hierarchical;

/// <summary>
/// The lazily updated row-per-cluster NN-chain against a plain, unoptimised NN-chain (Müllner 2011) with the tie rules of SciPy's
/// <c>nn_chain</c> over an eagerly updated condensed matrix: the same merges in the same order with
/// the same heights, including every tie-break (integer grids are full of ties).
/// </summary>
public sealed class NearestNeighborChainTests
{
    [Property(MaxTest = 40, Replay = "(1234,5677)")]
    public void Build_IntegerGridWithTies_SameMergesAndHeightsAsCondensedReference(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = 2 + rng.Next(150);
        int d = 1 + rng.Next(4);
        var x = new double[n * d];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.Next(4);
        }

        foreach (Linkage linkage in new[] { Linkage.Complete, Linkage.Average })
        {
            AssertSameAsReference(x, n, d, linkage, exactHeights: true);
        }
    }

    [Property(MaxTest = 20, Replay = "(77,89)")]
    public void Build_ContinuousData_SameMergesAsCondensedReference(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = 2 + rng.Next(300);
        int d = 1 + rng.Next(9);
        double[] x = TestData.Uniform(n, d, seed.Get).AsSpan().ToArray();
        foreach (Linkage linkage in new[] { Linkage.Complete, Linkage.Average })
        {
            AssertSameAsReference(x, n, d, linkage, exactHeights: false);
        }
    }

    private static void AssertSameAsReference(double[] x, int n, int d, Linkage linkage, bool exactHeights)
    {
        if (n < 2)
        {
            return;
        }

        var left = new int[n - 1];
        var right = new int[n - 1];
        var heights = new double[n - 1];
        NearestNeighborChain.Build(DistanceRows.Create<double>(x, n, d), n, linkage, left, right, heights, CancellationToken.None);
        (int[] refLeft, int[] refRight, double[] refHeights) = Reference(x, n, d, linkage);
        Assert.Equal(refLeft, left);
        Assert.Equal(refRight, right);
        for (int k = 0; k < n - 1; k++)
        {
            if (exactHeights)
            {
                Assert.Equal(refHeights[k], heights[k]);
            }
            else
            {
                Assert.Equal(refHeights[k], heights[k], 1e-12 * (1 + refHeights[k]));
            }
        }
    }

    /// <summary>The textbook NN-chain (Müllner 2011, section 4) with the tie rules of SciPy's <c>nn_chain</c>, over a condensed matrix updated in place.</summary>
    private static (int[] Left, int[] Right, double[] Heights) Reference(double[] x, int n, int d, Linkage linkage)
    {
        var dist = new double[n * (n - 1) / 2];
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double s = 0;
                for (int c = 0; c < d; c++)
                {
                    double e = x[(i * d) + c] - x[(j * d) + c];
                    s += e * e;
                }

                dist[Index(n, i, j)] = Math.Sqrt(s);
            }
        }

        var size = Enumerable.Repeat(1, n).ToArray();
        var chain = new int[n];
        int length = 0;
        var left = new int[n - 1];
        var right = new int[n - 1];
        var heights = new double[n - 1];
        for (int k = 0; k < n - 1; k++)
        {
            if (length == 0)
            {
                chain[0] = Array.FindIndex(size, s => s > 0);
                length = 1;
            }

            int a;
            int b;
            double min;
            while (true)
            {
                a = chain[length - 1];
                b = length > 1 ? chain[length - 2] : -1;
                min = length > 1 ? dist[Index(n, a, b)] : double.PositiveInfinity;
                for (int i = 0; i < n; i++)
                {
                    if (size[i] > 0 && i != a && dist[Index(n, a, i)] < min)
                    {
                        min = dist[Index(n, a, i)];
                        b = i;
                    }
                }

                if (length > 1 && b == chain[length - 2])
                {
                    break;
                }

                chain[length++] = b;
            }

            length -= 2;
            if (a > b)
            {
                (a, b) = (b, a);
            }

            left[k] = a;
            right[k] = b;
            heights[k] = min;
            double na = size[a];
            double nb = size[b];
            for (int i = 0; i < n; i++)
            {
                if (size[i] > 0 && i != a && i != b)
                {
                    double da = dist[Index(n, i, a)];
                    double db = dist[Index(n, i, b)];
                    dist[Index(n, i, b)] = linkage == Linkage.Complete ? Math.Max(da, db) : ((na * da) + (nb * db)) / (na + nb);
                }
            }

            size[a] = 0;
            size[b] = (int)(na + nb);
        }

        return (left, right, heights);
    }

    private static int Index(int n, int i, int j)
    {
        if (i > j)
        {
            (i, j) = (j, i);
        }

        return (n * i) - (i * (i + 1) / 2) + (j - i - 1);
    }
}
