using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

/// <summary>
/// Uplift model evaluation in the scikit-uplift convention (Qini and uplift curves, their
/// normalized areas, uplift@k, uplift by percentile, weighted average uplift) and, as separately
/// named methods, the causalml convention (<see cref="CausalMLAuucScore"/>, <see cref="CausalMLQiniScore"/>).
/// See <c>docs/uplift-metrics.md</c> for the two conventions side by side.
/// </summary>
/// <remarks>
/// Every method takes the observed outcome, the model's uplift score and the treatment flag
/// (1 = treated, 0 = control) of each unit; for several arms, evaluate one arm against control at
/// a time. Units are ranked by descending score. In the scikit-uplift methods, tied scores form
/// one step of a curve, and where a cut falls inside a tie (uplift@k, percentiles) ties are
/// ordered by descending row index, exactly as scikit-uplift's reversed stable argsort does.
/// A group that is empty within a slice gives NaN (documented per method); data without a treated
/// or without a control unit is rejected with an <see cref="ArgumentException"/>.
/// All methods are stateless and thread-safe.
/// </remarks>
public static partial class UpliftMetrics
{
    /// <summary>Computes the Qini curve (scikit-uplift <c>qini_curve</c>).</summary>
    /// <param name="outcome">The observed outcome of each unit (binary or continuous).</param>
    /// <param name="score">The predicted uplift of each unit; higher means target first.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <returns>The curve, starting at (0, 0), one point per distinct score.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>
    /// At the cut after the top N units, with N<sub>T</sub>, N<sub>C</sub> treated and control
    /// units and Y<sub>T</sub>, Y<sub>C</sub> their summed outcomes:
    /// Qini(N) = Y<sub>T</sub> − Y<sub>C</sub> · N<sub>T</sub> / N<sub>C</sub> (the ratio taken as 0 when N<sub>C</sub> = 0).
    /// </remarks>
    public static UpliftCurve QiniCurve(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment)
    {
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: false);
        return Curve(outcome, score, treatment, qini: true);
    }

    /// <summary>Computes the uplift curve (scikit-uplift <c>uplift_curve</c>).</summary>
    /// <param name="outcome">The observed outcome of each unit (binary or continuous).</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <returns>The curve, starting at (0, 0), one point per distinct score.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>
    /// Uplift(N) = (Y<sub>T</sub>/N<sub>T</sub> − Y<sub>C</sub>/N<sub>C</sub>) · N, each ratio taken as 0 when its group is empty.
    /// </remarks>
    public static UpliftCurve UpliftCurve(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment)
    {
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: false);
        return Curve(outcome, score, treatment, qini: false);
    }

    /// <summary>Computes the Qini curve of the best possible ranking (scikit-uplift <c>perfect_qini_curve</c>).</summary>
    /// <param name="outcome">The observed outcome of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="negativeEffect">When <see langword="true"/> (the default) the perfect model also ranks control responders last; otherwise the perfect curve is scikit-uplift's three-point curve for data without negative effects.</param>
    /// <returns>The perfect curve.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>
    /// With <paramref name="negativeEffect"/>: the Qini curve of the score y·t − y·(1 − t).
    /// Without: R = Y<sub>T</sub> − N<sub>T</sub>·Y<sub>C</sub>/N<sub>C</sub> over all data, points (0, 0), (R, R), (n, R).
    /// </remarks>
    public static UpliftCurve PerfectQiniCurve(ReadOnlySpan<double> outcome, ReadOnlySpan<int> treatment, bool negativeEffect = true)
    {
        CurveMath.Validate(outcome, default, treatment, binaryOutcome: false, hasScore: false);
        return PerfectQini(outcome, treatment, negativeEffect);
    }

    /// <summary>Computes the uplift curve of the best possible ranking (scikit-uplift <c>perfect_uplift_curve</c>).</summary>
    /// <param name="outcome">The observed binary outcome (0 or 1) of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <returns>The perfect curve.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty, an outcome is not 0 or 1, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>
    /// The uplift curve of the score 2·[y = t] + s, where s = y when control responders outnumber
    /// treated non-responders and s = t otherwise.
    /// </remarks>
    public static UpliftCurve PerfectUpliftCurve(ReadOnlySpan<double> outcome, ReadOnlySpan<int> treatment)
    {
        CurveMath.Validate(outcome, default, treatment, binaryOutcome: true, hasScore: false);
        return PerfectUplift(outcome, treatment);
    }

    /// <summary>Computes the Qini coefficient, normalized as scikit-uplift's <c>qini_auc_score</c>.</summary>
    /// <param name="outcome">The observed binary outcome (0 or 1) of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <param name="negativeEffect">Whether the perfect curve may rank negative-effect units last (default <see langword="true"/>, as scikit-uplift).</param>
    /// <returns>The Qini coefficient: 1 for the perfect ranking, about 0 for a random one; NaN when the perfect curve has no area above the random line (for example when no unit responded).</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, an outcome is not 0 or 1, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>
    /// (AUC(model) − AUC(random)) / (AUC(perfect) − AUC(random)), where AUC is the trapezoidal
    /// area under the Qini curve and the random curve is the straight line from (0, 0) to the
    /// perfect curve's last point.
    /// </remarks>
    public static double QiniAucScore(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, bool negativeEffect = true)
    {
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: true);
        UpliftCurve actual = Curve(outcome, score, treatment, qini: true);
        UpliftCurve perfect = PerfectQini(outcome, treatment, negativeEffect);
        return NormalizedArea(actual, perfect);
    }

    /// <summary>Computes the normalized area under the uplift curve, as scikit-uplift's <c>uplift_auc_score</c>.</summary>
    /// <param name="outcome">The observed binary outcome (0 or 1) of each unit.</param>
    /// <param name="score">The predicted uplift of each unit.</param>
    /// <param name="treatment">1 for treated, 0 for control units.</param>
    /// <returns>The score: 1 for the perfect ranking, about 0 for a random one; NaN when the perfect curve has no area above the random line.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the data is empty or not finite, an outcome is not 0 or 1, treatment holds a value other than 0 or 1, or one group is missing.</exception>
    /// <remarks>(AUC(model) − AUC(random)) / (AUC(perfect) − AUC(random)) on uplift curves.</remarks>
    public static double UpliftAucScore(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment)
    {
        CurveMath.Validate(outcome, score, treatment, binaryOutcome: true);
        UpliftCurve actual = Curve(outcome, score, treatment, qini: false);
        UpliftCurve perfect = PerfectUplift(outcome, treatment);
        return NormalizedArea(actual, perfect);
    }

    private static double NormalizedArea(UpliftCurve actual, UpliftCurve perfect)
    {
        double lastX = perfect.Counts[^1];
        double lastY = perfect.Values[^1];
        double baseline = lastX * lastY / 2.0;
        double perfectArea = perfect.Area - baseline;
        double actualArea = actual.Area - baseline;
        return perfectArea == 0 ? double.NaN : actualArea / perfectArea;
    }

    private static UpliftCurve PerfectQini(ReadOnlySpan<double> outcome, ReadOnlySpan<int> treatment, bool negativeEffect)
    {
        if (negativeEffect)
        {
            var perfect = new double[outcome.Length];
            for (int i = 0; i < perfect.Length; i++)
            {
                perfect[i] = (outcome[i] * treatment[i]) - (outcome[i] * (1 - treatment[i]));
            }

            return Curve(outcome, perfect, treatment, qini: true);
        }

        double yT = 0, yC = 0, nT = 0, nC = 0;
        for (int i = 0; i < outcome.Length; i++)
        {
            if (treatment[i] == 1)
            {
                yT += outcome[i];
                nT++;
            }
            else
            {
                yC += outcome[i];
                nC++;
            }
        }

        double ratio = yT - (nT * yC / nC);
        return new UpliftCurve([0, ratio, outcome.Length], [0, ratio, ratio]);
    }

    private static UpliftCurve PerfectUplift(ReadOnlySpan<double> outcome, ReadOnlySpan<int> treatment)
    {
        int controlResponders = 0, treatedNonResponders = 0;
        for (int i = 0; i < outcome.Length; i++)
        {
            if (outcome[i] == 1 && treatment[i] == 0)
            {
                controlResponders++;
            }
            else if (outcome[i] == 0 && treatment[i] == 1)
            {
                treatedNonResponders++;
            }
        }

        bool useOutcome = controlResponders > treatedNonResponders;
        var perfect = new double[outcome.Length];
        for (int i = 0; i < perfect.Length; i++)
        {
            double same = outcome[i] == treatment[i] ? 2 : 0;
            perfect[i] = same + (useOutcome ? outcome[i] : treatment[i]);
        }

        return Curve(outcome, perfect, treatment, qini: false);
    }

    private static UpliftCurve Curve(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, bool qini)
    {
        int[] order = CurveMath.DescendingOrder(score);
        int n = order.Length;
        var counts = new List<double>(n + 1) { 0 };
        var values = new List<double>(n + 1) { 0 };
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

            if (i == n - 1 || score[r] != score[order[i + 1]])
            {
                double all = i + 1;
                double nC = all - nT;
                double value = qini
                    ? yT - (yC * (nC != 0 ? nT / nC : 0))
                    : ((nT != 0 ? yT / nT : 0) - (nC != 0 ? yC / nC : 0)) * all;
                counts.Add(all);
                values.Add(value);
            }
        }

        return new UpliftCurve([.. counts], [.. values]);
    }
}
