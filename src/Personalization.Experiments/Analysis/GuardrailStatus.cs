namespace Personalization.Experiments;

/// <summary>The status of a guardrail metric (one that must not get worse).</summary>
public enum GuardrailStatus
{
    /// <summary>The metric is not a guardrail.</summary>
    NotGuardrail = 0,

    /// <summary>The guardrail is not significantly worse in this arm.</summary>
    Passed = 1,

    /// <summary>The guardrail is significantly worse (lower) in this arm.</summary>
    Failed = 2,

    /// <summary>The sample ratio mismatch check failed, so the guardrail cannot be judged.</summary>
    Unknown = 3,
}
