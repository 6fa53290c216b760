using System.Collections.Immutable;

namespace Personalization.Uplift;

/// <summary>
/// Points of a Qini or uplift curve: <see cref="Counts"/> is the number of units targeted (in
/// descending score order), <see cref="Values"/> the curve value at that count.
/// </summary>
/// <remarks>
/// The first point is (0, 0). Tied scores form one step, so the curve has one point per distinct
/// score plus the origin. Immutable and thread-safe. Equality is by value: two curves are equal when every count
/// and value is equal (element by element, as <see cref="double.Equals(double)"/>).
/// </remarks>
/// <param name="Counts">The number of units targeted at each point (non-decreasing).</param>
/// <param name="Values">The curve value at each point.</param>
public sealed record UpliftCurve(ImmutableArray<double> Counts, ImmutableArray<double> Values)
{
    /// <summary>Gets the area under the curve by the trapezoidal rule (as <c>sklearn.metrics.auc</c>).</summary>
    /// <value>The sum over consecutive points of (x[i+1] - x[i]) * (y[i+1] + y[i]) / 2.</value>
    /// <remarks>AUC = Σ (x<sub>i+1</sub> − x<sub>i</sub>)(y<sub>i+1</sub> + y<sub>i</sub>) / 2.</remarks>
    public double Area => Internal.CurveMath.Trapezoid(Counts.AsSpan(), Values.AsSpan());

    /// <summary>Returns whether <paramref name="other"/> has the same points.</summary>
    /// <param name="other">The curve to compare with.</param>
    /// <returns><see langword="true"/> when every count and value is equal.</returns>
    public bool Equals(UpliftCurve? other) =>
        other is not null
        && Counts.AsSpan().SequenceEqual(other.Counts.AsSpan())
        && Values.AsSpan().SequenceEqual(other.Values.AsSpan());

    /// <summary>Returns a hash code consistent with <see cref="Equals(UpliftCurve)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Counts.Length, Counts.IsEmpty ? 0 : Counts[^1], Values.IsEmpty ? 0 : Values[^1]);
}
