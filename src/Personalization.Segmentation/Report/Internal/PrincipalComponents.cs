using MathNet.Numerics.LinearAlgebra;

namespace Personalization.Segmentation.Report.Internal;

/// <summary>
/// The first two principal components of a matrix (the eigenvectors of its sample covariance with the largest
/// eigenvalues), for the report's segment scatter.
/// </summary>
/// <remarks>
/// Each axis is oriented so that its largest-magnitude coefficient is positive (ties to the lowest column),
/// so the projection does not depend on the sign the eigen solver happens to return.
/// </remarks>
internal sealed class PrincipalComponents
{
    private readonly double[] _mean;
    private readonly double[] _axis1;
    private readonly double[] _axis2;

    private PrincipalComponents(double[] mean, double[] axis1, double[] axis2, double explained1, double explained2)
    {
        _mean = mean;
        _axis1 = axis1;
        _axis2 = axis2;
        Explained1 = explained1;
        Explained2 = explained2;
    }

    /// <summary>Gets the share of the total variance along the first axis (0 when the data has none).</summary>
    public double Explained1 { get; }

    /// <summary>Gets the share of the total variance along the second axis (0 with one column or no variance).</summary>
    public double Explained2 { get; }

    /// <summary>Gets the first axis (unit length, or zero when the data has no variance).</summary>
    public ReadOnlySpan<double> Axis1 => _axis1;

    /// <summary>Gets the second axis (unit length, or zero with one column or no variance).</summary>
    public ReadOnlySpan<double> Axis2 => _axis2;

    /// <summary>Fits the two axes on every row of <paramref name="data"/> (at least one row and one column).</summary>
    public static PrincipalComponents Fit(FeatureMatrix<double> data)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        var mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = data.Row(r);
            for (int c = 0; c < d; c++)
            {
                mean[c] += row[c];
            }
        }

        for (int c = 0; c < d; c++)
        {
            mean[c] /= n;
        }

        Matrix<double> covariance = Matrix<double>.Build.Dense(d, d);
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = data.Row(r);
            for (int i = 0; i < d; i++)
            {
                double xi = row[i] - mean[i];
                for (int j = i; j < d; j++)
                {
                    covariance[i, j] += xi * (row[j] - mean[j]);
                }
            }
        }

        double denominator = Math.Max(1, n - 1);
        double total = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                covariance[i, j] /= denominator;
                covariance[j, i] = covariance[i, j];
            }

            total += covariance[i, i];
        }

        var axis1 = new double[d];
        var axis2 = new double[d];
        if (!(total > 0))
        {
            return new PrincipalComponents(mean, axis1, axis2, 0, 0);
        }

        // Symmetric eigenvalues come in ascending order.
        var evd = covariance.Evd(Symmetricity.Symmetric);
        Oriented(evd.EigenVectors.Column(d - 1), axis1);
        double explained1 = Math.Max(0, evd.EigenValues[d - 1].Real) / total;
        double explained2 = 0;
        if (d > 1)
        {
            Oriented(evd.EigenVectors.Column(d - 2), axis2);
            explained2 = Math.Max(0, evd.EigenValues[d - 2].Real) / total;
        }

        return new PrincipalComponents(mean, axis1, axis2, Math.Min(1, explained1), Math.Min(1, explained2));
    }

    /// <summary>Projects one row (same columns as the fitted data) on the two axes.</summary>
    public (double X, double Y) Project(ReadOnlySpan<double> row)
    {
        double x = 0;
        double y = 0;
        for (int c = 0; c < _mean.Length; c++)
        {
            double centred = row[c] - _mean[c];
            x += centred * _axis1[c];
            y += centred * _axis2[c];
        }

        return (x, y);
    }

    private static void Oriented(Vector<double> vector, double[] destination)
    {
        int largest = 0;
        for (int c = 1; c < vector.Count; c++)
        {
            if (Math.Abs(vector[c]) > Math.Abs(vector[largest]))
            {
                largest = c;
            }
        }

        double sign = vector[largest] < 0 ? -1 : 1;
        for (int c = 0; c < vector.Count; c++)
        {
            destination[c] = sign * vector[c];
        }
    }
}
