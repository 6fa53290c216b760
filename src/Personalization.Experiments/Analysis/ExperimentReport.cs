namespace Personalization.Experiments;

/// <summary>The result table of an experiment.</summary>
/// <param name="Arms">The arms, control first, then treatments in order of first appearance.</param>
/// <param name="ArmSizes">Units per arm, aligned with <paramref name="Arms"/>.</param>
/// <param name="SampleRatioMismatch">The SRM check of the arm sizes against the planned allocation.</param>
/// <param name="CupedApplied">Whether revenue was CUPED-adjusted (every unit had a covariate).</param>
/// <param name="Results">One row per metric and treatment arm.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ExperimentReport(
    IReadOnlyList<string> Arms,
    IReadOnlyList<long> ArmSizes,
    SampleRatioMismatchResult SampleRatioMismatch,
    bool CupedApplied,
    IReadOnlyList<MetricResult> Results);
