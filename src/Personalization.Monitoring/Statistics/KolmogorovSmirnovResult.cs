namespace Personalization.Monitoring;

/// <summary>The result of a two-sample Kolmogorov-Smirnov test, with where the statistic was reached.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record KolmogorovSmirnovResult : TestResult
{
    /// <summary>The test name recorded in <see cref="TestResult.TestName"/>.</summary>
    public const string Name = "Two-sample Kolmogorov-Smirnov (asymptotic)";

    /// <summary>Creates a result.</summary>
    /// <param name="statistic">The statistic D in [0, 1].</param>
    /// <param name="pValue">The p-value in [0, 1].</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    public KolmogorovSmirnovResult(double statistic, double pValue, Alternative alternative)
        : base(Name, statistic, pValue, alternative)
    {
    }

    /// <summary>Gets the reference sample size n1.</summary>
    public int ReferenceCount { get; init; }

    /// <summary>Gets the current sample size n2.</summary>
    public int CurrentCount { get; init; }

    /// <summary>Gets the effective sample size round(n1 n2 / (n1 + n2)) used by the two-sided p-value.</summary>
    public int EffectiveSampleSize { get; init; }

    /// <summary>Gets the value at which the empirical CDFs differ by the statistic (SciPy's <c>statistic_location</c>).</summary>
    public double Location { get; init; }

    /// <summary>Gets +1 when the reference CDF is above the current CDF at <see cref="Location"/> (current values tend to be larger), else -1 (SciPy's <c>statistic_sign</c>).</summary>
    public int Sign { get; init; }
}
