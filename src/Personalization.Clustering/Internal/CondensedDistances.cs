using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>The condensed (upper-triangle, row-major) Euclidean distance matrix, as SciPy's <c>pdist</c>.</summary>
internal static class CondensedDistances
{
    /// <summary>Index of pair (i, j), i &lt; j, in the condensed matrix of n points.</summary>
    public static long Index(int n, int i, int j) => ((long)n * i) - (((long)i * (i + 1)) / 2) + (j - i - 1);

    /// <summary>Computes all n(n-1)/2 distances in double precision, rows in parallel.</summary>
    public static double[] Compute<T>(ReadOnlyMemory<T> data, int n, int d, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[(long)n * (n - 1) / 2];
        // Pair rows i and n-2-i so that every work item has about the same number of distances.
        int half = n / 2;
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, half + 1, options, p =>
        {
            ReadOnlySpan<T> x = data.Span;
            FillRow(x, n, d, p, result);
            int mirror = n - 2 - p;
            if (mirror > p)
            {
                FillRow(x, n, d, mirror, result);
            }
        });
        return result;
    }

    private static void FillRow<T>(ReadOnlySpan<T> x, int n, int d, int i, double[] result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (i < 0 || i >= n - 1)
        {
            return;
        }

        ReadOnlySpan<T> a = x.Slice(i * d, d);
        long index = Index(n, i, i + 1);
        for (int j = i + 1; j < n; j++)
        {
            result[index++] = SilhouetteKernel.Distance(a, x.Slice(j * d, d));
        }
    }
}
