namespace Personalization.Monitoring;

/// <summary>Segment sizes then and now, with a chi-square test of homogeneity.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SegmentShareComparison
{
    /// <summary>Gets the number of reference customers in each segment.</summary>
    public required IReadOnlyList<long> ReferenceCounts { get; init; }

    /// <summary>Gets the number of current customers in each segment.</summary>
    public required IReadOnlyList<long> CurrentCounts { get; init; }

    /// <summary>Gets the reference share of each segment.</summary>
    public required IReadOnlyList<double> ReferenceShares { get; init; }

    /// <summary>Gets the current share of each segment.</summary>
    public required IReadOnlyList<double> CurrentShares { get; init; }

    /// <summary>Gets the chi-square test of homogeneity of the 2 x k table (no continuity correction); <see cref="TestResult.DegreesOfFreedom"/> is k' - 1 for the k' segments that have customers.</summary>
    public required TestResult ChiSquare { get; init; }

    /// <summary>Gets the PSI of the segment shares (segments as bins, zero shares replaced by the epsilon given).</summary>
    public required double Psi { get; init; }
}
