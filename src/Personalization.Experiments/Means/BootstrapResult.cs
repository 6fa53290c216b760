namespace Personalization.Experiments;

/// <summary>A bootstrap estimate.</summary>
/// <param name="Estimate">The statistic on the original data.</param>
/// <param name="StandardError">The standard deviation of the bootstrap replicates.</param>
/// <param name="ConfidenceInterval">The percentile interval.</param>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct BootstrapResult(double Estimate, double StandardError, ConfidenceInterval ConfidenceInterval);
