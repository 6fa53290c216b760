namespace Personalization.Experiments;

/// <summary>A required sample size per arm.</summary>
/// <param name="Control">Unrounded control-arm size n1 (as statsmodels reports it).</param>
/// <param name="Treatment">Unrounded treatment-arm size n2 = ratio * n1.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SampleSizeEstimate(double Control, double Treatment)
{
    /// <summary>Gets the control size rounded up to whole units.</summary>
    public long RequiredControl => (long)Math.Ceiling(Control - 1e-9);

    /// <summary>Gets the treatment size rounded up to whole units.</summary>
    public long RequiredTreatment => (long)Math.Ceiling(Treatment - 1e-9);

    /// <summary>Gets the total number of units to enrol, the sum of the rounded arm sizes.</summary>
    public long RequiredTotal => RequiredControl + RequiredTreatment;
}
