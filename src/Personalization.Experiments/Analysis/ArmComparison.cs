namespace Personalization.Experiments;

/// <summary>One treatment arm compared with the control in a multi-arm experiment.</summary>
/// <param name="Arm">The index of the treatment arm in the input list.</param>
/// <param name="Test">The unadjusted two-arm test (statistic, raw p-value, estimate, unadjusted interval).</param>
/// <param name="AdjustedPValue">The p-value after the multiple-testing correction across arms.</param>
/// <param name="Rejected">Whether the null is rejected after correction.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ArmComparison(int Arm, TestResult Test, double AdjustedPValue, bool Rejected);
