namespace Personalization.Uplift.Internal;

/// <summary>Column means and standard deviations (population); a constant column gets scale 1.</summary>
internal static class Standardizer
{
    public static void Compute(FeatureMatrix<double> x, Span<double> mean, Span<double> scale)
    {
        int n = x.RowCount, d = x.ColumnCount;
        ReadOnlySpan<double> v = x.AsSpan();
        mean.Clear();
        scale.Clear();
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = v.Slice(r * d, d);
            for (int j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = v.Slice(r * d, d);
            for (int j = 0; j < d; j++)
            {
                double c = row[j] - mean[j];
                scale[j] += c * c;
            }
        }

        for (int j = 0; j < d; j++)
        {
            double s = Math.Sqrt(scale[j] / n);
            scale[j] = s > 1e-12 ? s : 1;
        }
    }

    /// <summary>Returns the standardized matrix with a leading column of ones, row-major n x (d + 1).</summary>
    public static double[] DesignWithIntercept(FeatureMatrix<double> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale)
    {
        int n = x.RowCount, d = x.ColumnCount, p = d + 1;
        ReadOnlySpan<double> v = x.AsSpan();
        var z = new double[n * p];
        for (int r = 0; r < n; r++)
        {
            z[r * p] = 1;
            for (int j = 0; j < d; j++)
            {
                z[(r * p) + 1 + j] = (v[(r * d) + j] - mean[j]) / scale[j];
            }
        }

        return z;
    }
}
