namespace Personalization.Experiments;

/// <summary>One randomisation unit (customer) of an experiment.</summary>
/// <param name="Arm">The arm the unit was assigned to, for example "control" or "B".</param>
/// <param name="Converted">Whether the unit converted during the experiment.</param>
/// <param name="Revenue">The unit's revenue during the experiment (0 when it did not buy).</param>
/// <param name="Covariate">An optional pre-period covariate (for example pre-experiment revenue) for CUPED.</param>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct ExperimentUnit(string Arm, bool Converted, double Revenue, double? Covariate = null);
