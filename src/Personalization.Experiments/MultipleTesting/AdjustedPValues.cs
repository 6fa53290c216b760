namespace Personalization.Experiments;

/// <summary>Adjusted p-values and rejection decisions for a family of tests.</summary>
/// <param name="Correction">The correction applied.</param>
/// <param name="Alpha">The family-wise error rate (or false discovery rate for Benjamini-Hochberg).</param>
/// <param name="Adjusted">Adjusted p-values, in the input order, capped at 1.</param>
/// <param name="Rejected">Whether each null hypothesis is rejected: adjusted p &lt;= alpha.</param>
/// <remarks>Immutable and thread-safe (do not mutate the arrays).</remarks>
public sealed record AdjustedPValues(MultipleTestingCorrection Correction, double Alpha, double[] Adjusted, bool[] Rejected);
