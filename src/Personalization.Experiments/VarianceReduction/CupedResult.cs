namespace Personalization.Experiments;

/// <summary>The outcome of a CUPED analysis.</summary>
/// <param name="Theta">The pooled regression coefficient cov(Y, X) / var(X).</param>
/// <param name="AdjustedDifference">Mean of the adjusted metric in treatment minus control.</param>
/// <param name="VarianceReduction">1 - var(Y_adj) / var(Y) over all units (equals the squared pooled correlation).</param>
/// <param name="Test">The Welch t-test on the adjusted metric.</param>
/// <param name="AdjustedControl">Summary of the adjusted metric in control.</param>
/// <param name="AdjustedTreatment">Summary of the adjusted metric in treatment.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CupedResult(double Theta, double AdjustedDifference, double VarianceReduction, TestResult Test, SampleSummary AdjustedControl, SampleSummary AdjustedTreatment);
