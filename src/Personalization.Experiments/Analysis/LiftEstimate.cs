namespace Personalization.Experiments;

/// <summary>A relative lift (treatment / control - 1) with its delta-method standard error and interval.</summary>
/// <param name="Lift">The relative lift; 0.15 means +15%.</param>
/// <param name="StandardError">The delta-method standard error of the lift.</param>
/// <param name="ConfidenceInterval">The normal-approximation interval of the lift.</param>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct LiftEstimate(double Lift, double StandardError, ConfidenceInterval ConfidenceInterval);
