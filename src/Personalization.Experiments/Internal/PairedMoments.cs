using System.Numerics.Tensors;
using Personalization.Validation;

namespace Personalization.Experiments.Internal;

/// <summary>
/// Count, means and centred second moments of paired per-unit values (y, x): the sufficient statistics behind
/// <see cref="CovariateSummary"/> (metric and covariate) and <see cref="RatioSummary"/> (numerator and denominator).
/// </summary>
internal readonly record struct PairedMoments(long Count, double MeanY, double MeanX, double Syy, double Sxx, double Sxy)
{
    /// <summary>Two passes over raw values: means, then centred sums.</summary>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, or hold NaN or infinity.</exception>
    public static PairedMoments FromSamples(ReadOnlySpan<double> y, ReadOnlySpan<double> x, string yName, string xName)
    {
        Guard.NotEmpty(y, yName);
        Guard.SameLength(y.Length, x.Length, yName, xName);
        Guard.AllFinite(y, yName);
        Guard.AllFinite(x, xName);
        int n = y.Length;
        double my = TensorPrimitives.Sum(y) / n;
        double mx = TensorPrimitives.Sum(x) / n;
        double syy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double dy = y[i] - my;
            double dx = x[i] - mx;
            syy += dy * dy;
            sxx += dx * dx;
            sxy += dx * dy;
        }

        return new PairedMoments(n, my, mx, syy, sxx, sxy);
    }

    /// <summary>From the six running sums (n, sum y, sum x, sum y^2, sum x^2, sum xy), for example a SQL aggregate.</summary>
    /// <remarks>Syy = sum y^2 - (sum y)^2 / n, clamped at 0, and likewise; loses digits when means dwarf spreads.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 or a sum is not finite.</exception>
    public static PairedMoments FromSums(long count, double sumY, double sumX, double sumYy, double sumXx, double sumXy, (string Y, string X, string Yy, string Xx, string Xy) names)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at least 1, but was {count}.");
        }

        Guard.Finite(sumY, names.Y);
        Guard.Finite(sumX, names.X);
        Guard.Finite(sumYy, names.Yy);
        Guard.Finite(sumXx, names.Xx);
        Guard.Finite(sumXy, names.Xy);
        double my = sumY / count;
        double mx = sumX / count;
        return new PairedMoments(
            count,
            my,
            mx,
            Math.Max(0, sumYy - (sumY * my)),
            Math.Max(0, sumXx - (sumX * mx)),
            sumXy - (sumY * mx));
    }
}
