namespace Personalization.Experiments;

/// <summary>The outcome of a sample ratio mismatch check.</summary>
/// <param name="Test">The chi-square goodness-of-fit test.</param>
/// <param name="Threshold">The p-value threshold used.</param>
/// <param name="IsMismatch">Whether the p-value is below the threshold: the experiment's assignment is suspect and its results should not be trusted.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SampleRatioMismatchResult(TestResult Test, double Threshold, bool IsMismatch);
