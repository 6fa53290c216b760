namespace Personalization.Uplift;

/// <summary>One bin of <see cref="UpliftMetrics.UpliftByPercentile"/>: response rates and uplift of a slice of units ranked by score.</summary>
/// <param name="LowerPercent">The start of the bin in percent of the ranking (0 for the best-scored bin).</param>
/// <param name="UpperPercent">The end of the bin in percent of the ranking.</param>
/// <param name="TreatmentCount">The number of treated units in the bin.</param>
/// <param name="ControlCount">The number of control units in the bin.</param>
/// <param name="TreatmentResponseRate">The mean outcome of the treated units in the bin, or NaN when there are none.</param>
/// <param name="ControlResponseRate">The mean outcome of the control units in the bin, or NaN when there are none.</param>
/// <param name="Uplift">TreatmentResponseRate - ControlResponseRate (NaN when a group is empty).</param>
/// <param name="StandardError">sqrt(pT(1-pT)/nT + pC(1-pC)/nC), the binomial standard error of the uplift (NaN when a group is empty).</param>
public sealed record PercentileUplift(
    double LowerPercent,
    double UpperPercent,
    int TreatmentCount,
    int ControlCount,
    double TreatmentResponseRate,
    double ControlResponseRate,
    double Uplift,
    double StandardError);
