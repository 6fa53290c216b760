namespace Personalization.Experiments;

/// <summary>The input of a two-proportion test: counts per arm.</summary>
/// <param name="Control">The control arm.</param>
/// <param name="Treatment">The treatment arm.</param>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct TwoProportions(ProportionSummary Control, ProportionSummary Treatment);
