namespace Personalization.Uplift.Learners;

/// <content>Weighted moment sums of the standardized features and the target, per cross-validation fold.</content>
public sealed partial class LassoRegression
{
    /// <summary>Σw, Σw·z, Σw·zzᵀ, Σw·y, Σw·z·y and Σw·y² of a set of rows (z standardized, y centred on the overall weighted mean).</summary>
    private sealed class MomentSums
    {
        private MomentSums(int d)
        {
            Z = new double[d];
            Zz = new double[d * d];
            Zy = new double[d];
        }

        public double Weight { get; private set; }

        public double[] Z { get; }

        public double[] Zz { get; }

        public double Y { get; private set; }

        public double[] Zy { get; }

        public double Yy { get; private set; }

        /// <summary>The sums of every fold, in one pass over the rows.</summary>
        public static MomentSums[] Accumulate(FeatureMatrix<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, double[] mean, double[] scale, int[] fold, int folds)
        {
            int n = x.RowCount, d = x.ColumnCount;
            double sw = 0, swy = 0;
            for (int r = 0; r < n; r++)
            {
                double w = weights.IsEmpty ? 1 : weights[r];
                sw += w;
                swy += w * y[r];
            }

            double center = swy / sw;
            var sums = new MomentSums[folds];
            for (int f = 0; f < folds; f++)
            {
                sums[f] = new MomentSums(d);
            }

            ReadOnlySpan<double> v = x.AsSpan();
            var z = new double[d];
            for (int r = 0; r < n; r++)
            {
                double w = weights.IsEmpty ? 1 : weights[r];
                if (w == 0)
                {
                    continue;
                }

                MomentSums s = sums[fold[r]];
                for (int j = 0; j < d; j++)
                {
                    z[j] = (v[(r * d) + j] - mean[j]) / scale[j];
                }

                double yc = y[r] - center;
                s.Weight += w;
                s.Y += w * yc;
                s.Yy += w * yc * yc;
                for (int j = 0; j < d; j++)
                {
                    double wz = w * z[j];
                    s.Z[j] += wz;
                    s.Zy[j] += wz * yc;
                    for (int k = 0; k < d; k++)
                    {
                        s.Zz[(j * d) + k] += wz * z[k];
                    }
                }
            }

            for (int f = 0; f < folds; f++)
            {
                sums[f].Center = center;
            }

            return sums;
        }

        /// <summary>Gets the overall weighted mean of the target that <see cref="Y"/> is centred on.</summary>
        public double Center { get; private set; }

        public static MomentSums Total(MomentSums[] parts, int d)
        {
            var total = new MomentSums(d) { Center = parts[0].Center };
            foreach (MomentSums p in parts)
            {
                total.Add(p, 1);
            }

            return total;
        }

        public MomentSums Minus(MomentSums other)
        {
            var result = new MomentSums(Z.Length) { Center = Center };
            result.Add(this, 1);
            result.Add(other, -1);
            return result;
        }

        /// <summary>The profiled normal equations: G = Σw(z − z̄)(z − z̄)ᵀ/Σw and c = Σw(z − z̄)(y − ȳ)/Σw.</summary>
        public void Normal(out double[] gram, out double[] c)
        {
            int d = Z.Length;
            gram = new double[d * d];
            c = new double[d];
            double my = Y / Weight;
            for (int j = 0; j < d; j++)
            {
                double mj = Z[j] / Weight;
                c[j] = (Zy[j] / Weight) - (mj * my);
                for (int k = 0; k < d; k++)
                {
                    gram[(j * d) + k] = (Zz[(j * d) + k] / Weight) - (mj * (Z[k] / Weight));
                }
            }
        }

        /// <summary>The unpenalized intercept ȳ − z̄·β on the standardized scale, including the target's centre.</summary>
        public double Intercept(double[] beta)
        {
            double b = Y / Weight;
            for (int j = 0; j < beta.Length; j++)
            {
                b -= Z[j] / Weight * beta[j];
            }

            return b + Center;
        }

        /// <summary>Σw(y − b − z·β)² over these rows for an intercept <paramref name="intercept"/> on the raw target scale.</summary>
        public double SquaredError(double intercept, double[] beta)
        {
            int d = beta.Length;
            double b = intercept - Center;
            double zb = 0, zyb = 0, bzzb = 0;
            for (int j = 0; j < d; j++)
            {
                zb += Z[j] * beta[j];
                zyb += Zy[j] * beta[j];
                double row = 0;
                for (int k = 0; k < d; k++)
                {
                    row += Zz[(j * d) + k] * beta[k];
                }

                bzzb += beta[j] * row;
            }

            return Yy - (2 * b * Y) - (2 * zyb) + (b * b * Weight) + (2 * b * zb) + bzzb;
        }

        private void Add(MomentSums other, double sign)
        {
            Weight += sign * other.Weight;
            Y += sign * other.Y;
            Yy += sign * other.Yy;
            for (int j = 0; j < Z.Length; j++)
            {
                Z[j] += sign * other.Z[j];
                Zy[j] += sign * other.Zy[j];
            }

            for (int j = 0; j < Zz.Length; j++)
            {
                Zz[j] += sign * other.Zz[j];
            }
        }
    }
}
