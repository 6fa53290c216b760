namespace Personalization.Experiments;

/// <summary>The decision for one metric and arm.</summary>
public enum ExperimentDecision
{
    /// <summary>No significant difference after correction.</summary>
    NoSignificantDifference = 0,

    /// <summary>The treatment is significantly higher than control.</summary>
    TreatmentHigher = 1,

    /// <summary>The treatment is significantly lower than control.</summary>
    TreatmentLower = 2,

    /// <summary>The sample ratio mismatch check failed: the assignment is broken and no conclusion should be drawn.</summary>
    Invalid = 3,
}
