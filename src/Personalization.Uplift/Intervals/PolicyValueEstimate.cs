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
public sealed record PolicyValueEstimate(IntervalEstimate Targeted, IntervalEstimate TreatAll, IntervalEstimate TreatNone, IntervalEstimate VersusTreatAll, IntervalEstimate VersusTreatNone, int TreatAllArm, int RowCount);
