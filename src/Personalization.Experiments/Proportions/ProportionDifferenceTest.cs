using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>The pooled two-proportion z-test as an <see cref="ISignificanceTest{TInput}"/>.</summary>
/// <remarks>Immutable and thread-safe; <see cref="TwoProportionZTest"/> does the work.</remarks>
public sealed class ProportionDifferenceTest : ISignificanceTest<TwoProportions>
{
    /// <summary>Creates the test.</summary>
    /// <param name="confidenceLevel">The confidence level of the Wald interval, in (0, 1).</param>
    /// <value>The default is 0.95.</value>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    public ProportionDifferenceTest(double confidenceLevel = 0.95)
    {
        Guard.OpenUnitInterval(confidenceLevel);
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>Gets the confidence level of the interval.</summary>
    public double ConfidenceLevel { get; }

    /// <inheritdoc/>
    public string Name => TwoProportionZTest.Name;

    /// <summary>Runs the z-test.</summary>
    /// <param name="input">The two arms.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <returns>As <see cref="TwoProportionZTest.Test(ProportionSummary, ProportionSummary, Alternative, double)"/>.</returns>
    /// <remarks>See <see cref="TwoProportionZTest"/> for the formulas.</remarks>
    public TestResult Test(TwoProportions input, Alternative alternative = Alternative.TwoSided) =>
        TwoProportionZTest.Test(input.Control, input.Treatment, alternative, ConfidenceLevel);
}
