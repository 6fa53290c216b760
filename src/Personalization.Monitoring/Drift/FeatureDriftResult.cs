namespace Personalization.Monitoring;

/// <summary>The drift of one feature between a reference and a current window.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record FeatureDriftResult
{
    /// <summary>Gets the feature (column) name.</summary>
    public required string Feature { get; init; }

    /// <summary>Gets the population stability index and its bins.</summary>
    public required PsiResult Psi { get; init; }

    /// <summary>Gets the two-sample Kolmogorov-Smirnov test (reference = SciPy's data1, current = data2).</summary>
    public required KolmogorovSmirnovResult KolmogorovSmirnov { get; init; }

    /// <summary>Gets the reference mean.</summary>
    public required double ReferenceMean { get; init; }

    /// <summary>Gets the current mean.</summary>
    public required double CurrentMean { get; init; }

    /// <summary>Gets the reference sample standard deviation (n - 1 denominator; 0 for one row).</summary>
    public required double ReferenceStandardDeviation { get; init; }

    /// <summary>Gets the current sample standard deviation (n - 1 denominator; 0 for one row).</summary>
    public required double CurrentStandardDeviation { get; init; }

    /// <summary>Gets the mean shift in reference standard deviations: (mean_cur - mean_ref) / sd_ref (0 when both means are equal, +-Infinity when sd_ref is 0 and they differ).</summary>
    public required double MeanShift { get; init; }

    /// <summary>Gets sd_cur / sd_ref (1 when both are 0, +Infinity when only sd_ref is 0).</summary>
    public required double StandardDeviationRatio { get; init; }

    /// <summary>Gets the drift level by the rule of <see cref="DriftOptions"/>.</summary>
    public required DriftLevel Level { get; init; }
}
