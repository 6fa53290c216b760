namespace Personalization.Experiments;

/// <summary>A chi-square test result that also carries the expected counts under independence.</summary>
/// <param name="TestName">The test name.</param>
/// <param name="Statistic">The chi-square statistic.</param>
/// <param name="PValue">The upper-tail p-value.</param>
/// <param name="Expected">The expected counts, row-major as the input table.</param>
/// <remarks>Immutable and thread-safe (do not mutate <paramref name="Expected"/>).</remarks>
public sealed record ContingencyTestResult(string TestName, double Statistic, double PValue, double[,] Expected)
    : TestResult(TestName, Statistic, PValue, Alternative.TwoSided)
{
    /// <summary>Gets whether the Yates continuity correction was applied (only ever for 2 x 2 tables).</summary>
    public bool YatesCorrected { get; init; }
}
