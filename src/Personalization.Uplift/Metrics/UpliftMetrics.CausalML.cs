using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

public static partial class UpliftMetrics
{
    /// <summary>
    /// Computes the area under the cumulative gain curve in the causalml convention
    /// (<c>causalml.metrics.auuc_score</c> without TMLE). Not comparable with <see cref="UpliftAucScore"/>.
    /// </summary>
    /// <param name="outcome">The observed outcome of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="normalize">Divide the gain curve by the absolute value of its last point (causalml's default, <see langword="true"/>).</param>
    /// <returns>The mean of the (normalized) cumulative gain over the n + 1 cut points, the origin included. A random ranking scores about 0.5 when normalized.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>
    /// Units are sorted by descending score, ties kept in row order (causalml does not define the
    /// order of ties). For k = 1..n, lift(k) = Y<sub>T</sub>(k)/N<sub>T</sub>(k) − Y<sub>C</sub>(k)/N<sub>C</sub>(k);
    /// lift(0) = 0 and cut points where a group is still empty are linearly interpolated, as
    /// pandas does. Gain(k) = k · lift(k); AUUC = Σ<sub>k=0..n</sub> Gain(k) / |Gain(n)| / (n + 1).
    /// Every row is its own cut point (no grouping of ties), unlike the scikit-uplift curves.
    /// </remarks>
    public static double CausalMLAuucScore(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, bool normalize = true)
    {
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: false);
        double[] gain = CausalMLCurve(outcome, score, treatment, qini: false);
        return MeanNormalized(gain, normalize);
    }

    /// <summary>
    /// Computes the Qini score in the causalml convention (<c>causalml.metrics.qini_score</c>
    /// without TMLE): the mean normalized Qini curve minus that of a random ranking. Not comparable
    /// with <see cref="QiniAucScore"/>.
    /// </summary>
    /// <param name="outcome">The observed outcome of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="normalize">Divide the Qini curve by the absolute value of its last point (causalml's default, <see langword="true"/>).</param>
    /// <returns>Mean of the model's (normalized) Qini curve minus mean of the random curve; about 0 for a random ranking.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>
    /// Qini(k) = Y<sub>T</sub>(k) − Y<sub>C</sub>(k) · N<sub>T</sub>(k)/N<sub>C</sub>(k) for k = 1..n, Qini(0) = 0,
    /// undefined points interpolated. causalml estimates the random curve by averaging 100 random
    /// orderings; we use its expectation, the straight line Qini(n)·k/n, so the score is
    /// Σ<sub>k</sub> Qini(k)/|Qini(n)|/(n + 1) − sign(Qini(n))/2 when normalized.
    /// </remarks>
    public static double CausalMLQiniScore(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, bool normalize = true)
    {
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: false);
        double[] qini = CausalMLCurve(outcome, score, treatment, qini: true);
        double last = qini[^1];
        double scale = normalize ? Math.Abs(last) : 1;
        double randomMean = last / scale / 2.0;
        return MeanNormalized(qini, normalize) - randomMean;
    }

    private static double MeanNormalized(double[] curve, bool normalize)
    {
        double scale = normalize ? Math.Abs(curve[^1]) : 1;
        double sum = 0;
        foreach (double v in curve)
        {
            sum += v / scale;
        }

        return sum / curve.Length;
    }

    /// <summary>causalml's cumulative gain (qini = false) or Qini curve, n + 1 points, NaNs interpolated.</summary>
    private static double[] CausalMLCurve(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, bool qini)
    {
        int[] order = CurveMath.StableDescendingOrder(score);
        int n = order.Length;
        var curve = new double[n + 1];
        double nT = 0, yT = 0, yC = 0;
        for (int i = 0; i < n; i++)
        {
            int r = order[i];
            if (treatment[r] == 1)
            {
                nT++;
                yT += outcome[r];
            }
            else
            {
                yC += outcome[r];
            }

            double k = i + 1;
            double nC = k - nT;
            curve[i + 1] = qini
                ? (nC == 0 ? double.NaN : yT - (yC * nT / nC))
                : (nT == 0 || nC == 0 ? double.NaN : (yT / nT) - (yC / nC));
        }

        // Linear interpolation over NaN runs (pandas interpolate); curve[0] = 0 is always defined,
        // and the last point is defined because both groups are present.
        for (int i = 1; i <= n; i++)
        {
            if (double.IsNaN(curve[i]))
            {
                int j = i;
                while (double.IsNaN(curve[j]))
                {
                    j++;
                }

                double start = curve[i - 1];
                double step = (curve[j] - start) / (j - i + 1);
                for (int m = i; m < j; m++)
                {
                    curve[m] = start + (step * (m - i + 1));
                }

                i = j;
            }
        }

        if (!qini)
        {
            for (int k = 0; k <= n; k++)
            {
                curve[k] *= k;
            }
        }

        return curve;
    }
}
