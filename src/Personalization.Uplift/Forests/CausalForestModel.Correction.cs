namespace Personalization.Uplift;

/// <content>The local linear correction (Friedberg et al. 2020): the locally weighted linear estimate at a row and its variance.</content>
public sealed partial class CausalForestModel
{
    /// <summary>
    /// The locally linear estimate at <paramref name="row"/>: with u = (1, w̃, w̃·(x<sub>S</sub> − x<sub>S</sub>(row))), M the forest mean of
    /// the trees' leaf means of uuᵀ, g that of uỹ and Λ = λ·diag(0, 0, M<sub>jj</sub>), β = (M + Λ)⁻¹g and τ̂ = β₁. The variance
    /// is the little-bag bootstrap of ψ<sub>b</sub> = [(M + Λ)⁻¹((g<sub>b</sub> − M<sub>b</sub>β) − (g − Mβ))]₁, the linearisation of τ̂ in tree b's
    /// moments (with no correction features this is the ψ of <see cref="Estimate"/>).
    /// </summary>
    private (double Effect, double Variance) EstimateCorrected(double[] leaf, int trees, bool variance, ReadOnlySpan<double> row)
    {
        int s = _correction.Length, q = 2 + s, width = _leafStats;
        Span<double> x0 = stackalloc double[s];
        for (int j = 0; j < s; j++)
        {
            x0[j] = row[_correction[j]];
        }

        var mean = new double[width];
        for (int t = 0; t < trees; t++)
        {
            ReadOnlySpan<double> l = leaf.AsSpan(t * width, width);
            for (int k = 0; k < width; k++)
            {
                mean[k] += l[k];
            }
        }

        for (int k = 0; k < width; k++)
        {
            mean[k] /= trees;
        }

        var m = new double[q * q];
        var g = new double[q];
        Moments(mean, x0, m, g);
        var jacobian = new double[q * q];
        m.CopyTo(jacobian, 0);
        for (int k = 2; k < q; k++)
        {
            jacobian[(k * q) + k] += Options.LinearCorrectionPenalty * m[(k * q) + k];
        }

        double[] beta = SolveSmall(jacobian, g, q);
        double tau = beta[1];
        if (!variance)
        {
            return (tau, double.NaN);
        }

        var unit = new double[q];
        unit[1] = 1;
        double[] a = SolveSmall(jacobian, unit, q);
        double center = Score(m, g, beta, a, q);
        int size = Options.ConfidenceGroupSize, groups = trees / size;
        var mb = new double[q * q];
        var gb = new double[q];
        double between = 0, total = 0;
        for (int grp = 0; grp < groups; grp++)
        {
            double groupSum = 0;
            for (int i = 0; i < size; i++)
            {
                Moments(leaf.AsSpan(((grp * size) + i) * width, width), x0, mb, gb);
                double psi = Score(mb, gb, beta, a, q) - center;
                total += psi * psi;
                groupSum += psi;
            }

            double groupMean = groupSum / size;
            between += groupMean * groupMean;
        }

        between /= groups;
        total /= groups * size;
        double noise = (total - between) / (size - 1);
        return (tau, Debias(between, noise, groups));
    }

    /// <summary>aᵀ(g − Mβ).</summary>
    private static double Score(double[] m, double[] g, double[] beta, double[] a, int q)
    {
        double score = 0;
        for (int r = 0; r < q; r++)
        {
            double h = g[r];
            for (int c = 0; c < q; c++)
            {
                h -= m[(r * q) + c] * beta[c];
            }

            score += a[r] * h;
        }

        return score;
    }

    /// <summary>The moments M (uuᵀ) and g (uỹ) at x0 from one block of leaf means (w̃, ỹ, w̃ỹ, w̃², then w̃x, w̃²x, w̃ỹx per feature, then w̃²x<sub>j</sub>x<sub>k</sub>, j ≤ k).</summary>
    private void Moments(ReadOnlySpan<double> l, ReadOnlySpan<double> x0, double[] m, double[] g)
    {
        int s = _correction.Length, q = 2 + s;
        double w = l[0], y = l[1], wy = l[2], ww = l[3];
        m[0] = 1;
        m[1] = w;
        m[q] = w;
        m[q + 1] = ww;
        g[0] = y;
        g[1] = wy;
        int quad = 4 + (3 * s);
        for (int j = 0; j < s; j++)
        {
            double wx = l[4 + (3 * j)], wwx = l[5 + (3 * j)], wyx = l[6 + (3 * j)];
            double m0 = wx - (x0[j] * w), m1 = wwx - (x0[j] * ww);
            m[2 + j] = m0;
            m[((2 + j) * q) + 0] = m0;
            m[q + 2 + j] = m1;
            m[((2 + j) * q) + 1] = m1;
            g[2 + j] = wyx - (x0[j] * wy);
        }

        int k = quad;
        for (int j = 0; j < s; j++)
        {
            for (int i = j; i < s; i++)
            {
                double wwxx = l[k++];
                double wwxj = l[5 + (3 * j)], wwxi = l[5 + (3 * i)];
                double v = wwxx - (x0[j] * wwxi) - (x0[i] * wwxj) + (x0[j] * x0[i] * ww);
                m[((2 + j) * q) + 2 + i] = v;
                m[((2 + i) * q) + 2 + j] = v;
            }
        }
    }

    /// <summary>Solves the small system A x = b by Gaussian elimination with partial pivoting (a tiny ridge when A is singular).</summary>
    private static double[] SolveSmall(double[] matrix, double[] rhs, int q)
    {
        var a = (double[])matrix.Clone();
        var b = (double[])rhs.Clone();
        double trace = 0;
        for (int i = 0; i < q; i++)
        {
            trace += Math.Abs(a[(i * q) + i]);
        }

        double tiny = Math.Max(trace, 1e-300) * 1e-12;
        for (int c = 0; c < q; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < q; r++)
            {
                if (Math.Abs(a[(r * q) + c]) > Math.Abs(a[(pivot * q) + c]))
                {
                    pivot = r;
                }
            }

            if (pivot != c)
            {
                for (int k = 0; k < q; k++)
                {
                    (a[(c * q) + k], a[(pivot * q) + k]) = (a[(pivot * q) + k], a[(c * q) + k]);
                }

                (b[c], b[pivot]) = (b[pivot], b[c]);
            }

            if (Math.Abs(a[(c * q) + c]) < tiny)
            {
                a[(c * q) + c] = tiny;
            }

            for (int r = c + 1; r < q; r++)
            {
                double f = a[(r * q) + c] / a[(c * q) + c];
                if (f == 0)
                {
                    continue;
                }

                for (int k = c; k < q; k++)
                {
                    a[(r * q) + k] -= f * a[(c * q) + k];
                }

                b[r] -= f * b[c];
            }
        }

        var x = new double[q];
        for (int r = q - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int k = r + 1; k < q; k++)
            {
                sum -= a[(r * q) + k] * x[k];
            }

            x[r] = sum / a[(r * q) + r];
        }

        return x;
    }
}
