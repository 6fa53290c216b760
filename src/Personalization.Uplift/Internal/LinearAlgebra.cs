namespace Personalization.Uplift.Internal;

/// <summary>Small dense symmetric solves for the linear base learners.</summary>
internal static class LinearAlgebra
{
    /// <summary>Solves A x = b for symmetric positive (semi)definite A (p x p, row-major) by Cholesky, adding jitter when needed.</summary>
    public static double[] SolveSymmetric(double[] a, double[] b, int p)
    {
        double trace = 0;
        for (int i = 0; i < p; i++)
        {
            trace += a[(i * p) + i];
        }

        double jitter = 0;
        for (int attempt = 0; attempt < 12; attempt++)
        {
            double[]? l = TryCholesky(a, p, jitter);
            if (l is not null)
            {
                return CholeskySolve(l, b, p);
            }

            jitter = jitter == 0 ? Math.Max(trace / p, 1) * 1e-12 : jitter * 100;
        }

        throw new InvalidOperationException("The normal equations could not be solved; the features are degenerate. Increase the L2 penalty.");
    }

    private static double[]? TryCholesky(double[] a, int p, double jitter)
    {
        var l = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[(i * p) + j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++)
                {
                    sum -= l[(i * p) + k] * l[(j * p) + k];
                }

                if (i == j)
                {
                    if (!(sum > 1e-300))
                    {
                        return null;
                    }

                    l[(i * p) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * p) + j] = sum / l[(j * p) + j];
                }
            }
        }

        return l;
    }

    private static double[] CholeskySolve(double[] l, double[] b, int p)
    {
        var y = new double[p];
        for (int i = 0; i < p; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
            {
                sum -= l[(i * p) + k] * y[k];
            }

            y[i] = sum / l[(i * p) + i];
        }

        var x = new double[p];
        for (int i = p - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < p; k++)
            {
                sum -= l[(k * p) + i] * x[k];
            }

            x[i] = sum / l[(i * p) + i];
        }

        return x;
    }

    /// <summary>Accumulates Z' diag(w) Z (upper and lower) into <paramref name="gram"/>, p x p, rows in order.</summary>
    public static void WeightedGram(ReadOnlySpan<double> z, int n, int p, ReadOnlySpan<double> w, Span<double> gram)
    {
        gram.Clear();
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = z.Slice(r * p, p);
            double wr = w.IsEmpty ? 1 : w[r];
            for (int i = 0; i < p; i++)
            {
                double zi = row[i] * wr;
                Span<double> g = gram.Slice(i * p, p);
                for (int j = 0; j <= i; j++)
                {
                    g[j] += zi * row[j];
                }
            }
        }

        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < i; j++)
            {
                gram[(j * p) + i] = gram[(i * p) + j];
            }
        }
    }
}
