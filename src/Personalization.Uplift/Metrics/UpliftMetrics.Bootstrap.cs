using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

public static partial class UpliftMetrics
{
    /// <summary>
    /// Computes the Qini coefficient (<see cref="QiniAucScore"/>) with a seeded, stratified percentile-bootstrap
    /// confidence interval.
    /// </summary>
    /// <param name="outcome">The observed binary outcome (0 or 1) of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="resampleCount">The number of bootstrap resamples B (default 1000; at least 10).</param>
    /// <param name="confidenceLevel">The two-sided confidence level (default 0.95; strictly between 0 and 1).</param>
    /// <param name="seed">The seed of the resampling (default 0).</param>
    /// <param name="negativeEffect">Whether the perfect curve may rank negative-effect units last (default <see langword="true"/>, as scikit-uplift).</param>
    /// <returns>
    /// The Qini coefficient of the data as <see cref="IntervalEstimate.Estimate"/>; the standard deviation of the
    /// resampled coefficients as <see cref="IntervalEstimate.StandardError"/>; their α/2 and 1 − α/2 percentiles
    /// as the interval. A resample whose coefficient is NaN (its perfect curve has no area) is left out; with
    /// fewer than two finite resamples the standard error and the interval are NaN.
    /// </returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, an outcome is not 0 or 1, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resampleCount"/> is less than 10, or <paramref name="confidenceLevel"/> is not strictly between 0 and 1.</exception>
    /// <remarks>
    /// Each resample draws n<sub>T</sub> treated and n<sub>C</sub> control units with replacement from their own group
    /// (stratified, so both groups keep their sizes) with one <see cref="Random"/> seeded by <paramref name="seed"/>,
    /// and computes the coefficient of the resampled units, ties in score forming one step as in
    /// <see cref="QiniAucScore"/>. The percentiles interpolate linearly between order statistics (position
    /// (B' − 1)·q among the B' finite values, numpy's default). The result depends only on the data, the
    /// options and the seed. Cost: one sort, then O(n) per resample.
    /// </remarks>
    public static IntervalEstimate QiniAucScoreInterval(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, int resampleCount = 1000, double confidenceLevel = 0.95, int seed = 0, bool negativeEffect = true)
    {
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: true);
        Validation.Guard.InRange(resampleCount, 10, int.MaxValue, nameof(resampleCount));
        Validation.Guard.OpenUnitInterval(confidenceLevel, nameof(confidenceLevel));

        int n = outcome.Length;
        var actual = new WeightedCurve(score);
        var perfectScore = new double[n];
        for (int i = 0; i < n; i++)
        {
            perfectScore[i] = (outcome[i] * treatment[i]) - (outcome[i] * (1 - treatment[i]));
        }

        var perfect = new WeightedCurve(perfectScore);
        var weight = new double[n];
        Array.Fill(weight, 1.0);
        double estimate = WeightedQini(actual, perfect, outcome, treatment, weight, negativeEffect);

        int treatedCount = 0;
        for (int i = 0; i < n; i++)
        {
            treatedCount += treatment[i];
        }

        var treated = new int[treatedCount];
        var control = new int[n - treatedCount];
        for (int i = 0, a = 0, b = 0; i < n; i++)
        {
            if (treatment[i] == 1)
            {
                treated[a++] = i;
            }
            else
            {
                control[b++] = i;
            }
        }

        var rng = new Random(seed);
        var values = new double[resampleCount];
        int finite = 0;
        for (int r = 0; r < resampleCount; r++)
        {
            Array.Clear(weight);
            for (int j = 0; j < treated.Length; j++)
            {
                weight[treated[rng.Next(treated.Length)]]++;
            }

            for (int j = 0; j < control.Length; j++)
            {
                weight[control[rng.Next(control.Length)]]++;
            }

            double q = WeightedQini(actual, perfect, outcome, treatment, weight, negativeEffect);
            if (!double.IsNaN(q))
            {
                values[finite++] = q;
            }
        }

        if (finite < 2)
        {
            return new IntervalEstimate(estimate, double.NaN, double.NaN, double.NaN, confidenceLevel);
        }

        Span<double> kept = values.AsSpan(0, finite);
        kept.Sort();
        double mean = 0;
        foreach (double v in kept)
        {
            mean += v;
        }

        mean /= finite;
        double ss = 0;
        foreach (double v in kept)
        {
            ss += (v - mean) * (v - mean);
        }

        double alpha = 1 - confidenceLevel;
        return new IntervalEstimate(estimate, Math.Sqrt(ss / (finite - 1)), Percentile(kept, alpha / 2), Percentile(kept, 1 - (alpha / 2)), confidenceLevel);
    }

    /// <summary>The Qini coefficient of units repeated by integer weights (1 for every unit gives <see cref="QiniAucScore"/>).</summary>
    internal static double WeightedQini(WeightedCurve actual, WeightedCurve perfect, ReadOnlySpan<double> outcome, ReadOnlySpan<int> treatment, ReadOnlySpan<double> weight, bool negativeEffect)
    {
        (double actualArea, double lastX, double lastY) = actual.Area(outcome, treatment, weight);
        double perfectArea;
        if (negativeEffect)
        {
            perfectArea = perfect.Area(outcome, treatment, weight).Area;
        }
        else
        {
            // scikit-uplift's three-point curve (0, 0), (R, R), (n, R) with R the Qini of all units.
            perfectArea = (lastY * lastY / 2) + ((lastX - lastY) * lastY);
        }

        double baseline = lastX * lastY / 2.0;
        double denominator = perfectArea - baseline;
        return denominator == 0 ? double.NaN : (actualArea - baseline) / denominator;
    }

    /// <summary>Linear interpolation between order statistics at position (n − 1)·q.</summary>
    private static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>The ranking of a score (descending, ties grouped) for Qini curves of weighted units.</summary>
    internal sealed class WeightedCurve
    {
        private readonly int[] _order;
        private readonly bool[] _groupEnd;

        public WeightedCurve(ReadOnlySpan<double> score)
        {
            _order = CurveMath.DescendingOrder(score);
            _groupEnd = new bool[_order.Length];
            for (int i = 0; i < _order.Length; i++)
            {
                _groupEnd[i] = i == _order.Length - 1 || score[_order[i]] != score[_order[i + 1]];
            }
        }

        /// <summary>Trapezoidal area under the Qini curve of the weighted units, and its last point.</summary>
        public (double Area, double LastX, double LastY) Area(ReadOnlySpan<double> outcome, ReadOnlySpan<int> treatment, ReadOnlySpan<double> weight)
        {
            double all = 0, nT = 0, yT = 0, yC = 0;
            double x = 0, y = 0, area = 0;
            for (int i = 0; i < _order.Length; i++)
            {
                int r = _order[i];
                double w = weight[r];
                all += w;
                if (treatment[r] == 1)
                {
                    nT += w;
                    yT += w * outcome[r];
                }
                else
                {
                    yC += w * outcome[r];
                }

                if (_groupEnd[i])
                {
                    double nC = all - nT;
                    double value = yT - (yC * (nC != 0 ? nT / nC : 0));
                    area += (all - x) * (value + y) / 2.0;
                    x = all;
                    y = value;
                }
            }

            return (area, x, y);
        }
    }
}
