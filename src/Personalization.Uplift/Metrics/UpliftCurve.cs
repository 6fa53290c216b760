namespace Personalization.Uplift;

/// <summary>
/// Points of a Qini or uplift curve: <see cref="Counts"/> is the number of units targeted (in
/// descending score order), <see cref="Values"/> the curve value at that count.
/// </summary>
/// <remarks>
/// The first point is (0, 0). Tied scores form one step, so the curve has one point per distinct
/// score plus the origin. Instances are immutable by convention: the arrays are owned by the curve
/// and must not be modified.
/// </remarks>
/// <param name="Counts">The number of units targeted at each point (non-decreasing).</param>
/// <param name="Values">The curve value at each point.</param>
public sealed record UpliftCurve(double[] Counts, double[] Values)
{
    /// <summary>Gets the area under the curve by the trapezoidal rule (as <c>sklearn.metrics.auc</c>).</summary>
    /// <value>The sum over consecutive points of (x[i+1] - x[i]) * (y[i+1] + y[i]) / 2.</value>
    /// <remarks>AUC = Σ (x<sub>i+1</sub> − x<sub>i</sub>)(y<sub>i+1</sub> + y<sub>i</sub>) / 2.</remarks>
    public double Area => Internal.CurveMath.Trapezoid(Counts, Values);
}
