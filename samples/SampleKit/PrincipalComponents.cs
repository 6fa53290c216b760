using MathNet.Numerics.LinearAlgebra;

namespace Personalization.Samples;

/// <summary>Projection on the first two principal components, for the segment scatter chart.</summary>
public static class PrincipalComponents
{
    /// <summary>Returns the scores on PC1 and PC2 and the share of variance each explains.</summary>
    public static (double[] Pc1, double[] Pc2, double Explained1, double Explained2) FirstTwo(FeatureMatrix<double> data)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        var mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = data.Row(r);
            for (int c = 0; c < d; c++)
            {
                mean[c] += row[c] / n;
            }
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

        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                covariance[i, j] /= Math.Max(1, n - 1);
                covariance[j, i] = covariance[i, j];
            }
        }

        var evd = covariance.Evd(Symmetricity.Symmetric);
        // Eigenvalues come in ascending order for symmetric matrices.
        double total = 0;
        for (int i = 0; i < d; i++)
        {
            total += Math.Max(0, evd.EigenValues[i].Real);
        }

        int first = d - 1;
        int second = Math.Max(0, d - 2);
        Vector<double> v1 = evd.EigenVectors.Column(first);
        Vector<double> v2 = evd.EigenVectors.Column(second);
        var pc1 = new double[n];
        var pc2 = new double[n];
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = data.Row(r);
            double a = 0;
            double b = 0;
            for (int c = 0; c < d; c++)
            {
                a += (row[c] - mean[c]) * v1[c];
                b += (row[c] - mean[c]) * v2[c];
            }

            pc1[r] = a;
            pc2[r] = b;
        }

        return total > 0
            ? (pc1, pc2, evd.EigenValues[first].Real / total, evd.EigenValues[second].Real / total)
            : (pc1, pc2, 0, 0);
    }
}
