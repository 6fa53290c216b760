using System.Numerics.Tensors;

namespace Personalization.Uplift.Internal;

/// <summary>Helpers shared by the linear models.</summary>
internal static class LinearModelMath
{
    /// <summary>Maps standardized weights (intercept first) to raw-scale intercept and coefficients.</summary>
    public static void ToRawScale(ReadOnlySpan<double> w, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, out double intercept, out double[] coefficients)
    {
        int d = mean.Length;
        coefficients = new double[d];
        intercept = w[0];
        for (int j = 0; j < d; j++)
        {
            coefficients[j] = w[j + 1] / scale[j];
            intercept -= coefficients[j] * mean[j];
        }
    }

    /// <summary>Writes b + x·w for each row.</summary>
    public static void LinearPredictor(FeatureMatrix<double> x, double intercept, ReadOnlySpan<double> coefficients, Span<double> destination)
    {
        int d = x.ColumnCount;
        ReadOnlySpan<double> v = x.AsSpan();
        for (int r = 0; r < x.RowCount; r++)
        {
            destination[r] = intercept + TensorPrimitives.Dot(v.Slice(r * d, d), coefficients);
        }
    }
}
