namespace Personalization.Uplift;

/// <summary>The doubly robust value of a targeting policy, of treating everyone and of treating no one, and the targeted policy's gains over both.</summary>
/// <param name="Targeted">The value per customer of the evaluated policy.</param>
/// <param name="TreatAll">The value per customer of giving everyone <paramref name="TreatAllArm"/>.</param>
/// <param name="TreatNone">The value per customer of giving everyone control (exactly 0 with standard error 0 when the reward is an incremental profit).</param>
/// <param name="VersusTreatAll">Targeted − TreatAll, with the standard error of the paired difference.</param>
/// <param name="VersusTreatNone">Targeted − TreatNone, with the standard error of the paired difference.</param>
/// <param name="TreatAllArm">The arm of the treat-all policy.</param>
/// <param name="RowCount">The number of rows the values average over.</param>
/// <remarks>Immutable and thread-safe. Every interval is the normal interval estimate ± z·SE.</remarks>
public sealed record PolicyValueEstimate(IntervalEstimate Targeted, IntervalEstimate TreatAll, IntervalEstimate TreatNone, IntervalEstimate VersusTreatAll, IntervalEstimate VersusTreatNone, int TreatAllArm, int RowCount)
{
    /// <summary>Gets the overlap diagnostic: the share of rows where the propensity of some arm (estimated, before clipping, or the constant) lies outside [0.05, 0.95].</summary>
    /// <value>In [0, 1]; 0 when not set. Above a few percent the inverse-propensity terms are large and the intervals lean on extrapolation.</value>
    public double PoorOverlapShare { get; init; }
}
