using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// The t-tests as an <see cref="ISignificanceTest{TInput}"/> for code that chooses a test at run time (for example
/// through dependency injection). The static <see cref="TTest"/> methods do the work.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MeanDifferenceTest : ISignificanceTest<TwoSampleSummaries>
{
    /// <summary>Creates the test.</summary>
    /// <param name="equalVariances">Use Student's pooled variance instead of Welch.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <value>Defaults: Welch, 95%.</value>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    public MeanDifferenceTest(bool equalVariances = false, double confidenceLevel = 0.95)
    {
        Guard.OpenUnitInterval(confidenceLevel);
        EqualVariances = equalVariances;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>Gets whether Student's pooled-variance test is used.</summary>
    public bool EqualVariances { get; }

    /// <summary>Gets the confidence level of the interval.</summary>
    public double ConfidenceLevel { get; }

    /// <inheritdoc/>
    public string Name => EqualVariances ? TTest.StudentName : TTest.WelchName;

    /// <summary>Runs the t-test.</summary>
    /// <param name="input">The two arms.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <returns>As <see cref="TTest.Welch(SampleSummary, SampleSummary, Alternative, double)"/> or <see cref="TTest.Student(SampleSummary, SampleSummary, Alternative, double)"/>.</returns>
    /// <exception cref="ArgumentException">An arm has fewer than 2 observations, or both arms have zero variance.</exception>
    /// <remarks>See <see cref="TTest"/> for the formulas.</remarks>
    public TestResult Test(TwoSampleSummaries input, Alternative alternative = Alternative.TwoSided) => EqualVariances
        ? TTest.Student(input.Control, input.Treatment, alternative, ConfidenceLevel)
        : TTest.Welch(input.Control, input.Treatment, alternative, ConfidenceLevel);
}
