namespace Personalization.Experiments;

/// <summary>Settings of an <see cref="ExperimentAnalysis"/>.</summary>
/// <remarks>Options hold settings only; <see cref="ExperimentAnalysis.Analyze"/> validates them. Immutable and thread-safe.</remarks>
public sealed record ExperimentAnalysisOptions
{
    /// <summary>Gets the name of the control arm.</summary>
    /// <value>The default is "control".</value>
    public string ControlArm { get; init; } = "control";

    /// <summary>Gets the significance level (family-wise across treatment arms) in (0, 1).</summary>
    /// <value>The default is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Gets the confidence level of the intervals in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Gets the SRM p-value threshold in (0, 1).</summary>
    /// <value>The default is 0.001.</value>
    public double SampleRatioMismatchThreshold { get; init; } = SampleRatioMismatch.DefaultThreshold;

    /// <summary>Gets the planned allocation weight of each arm; arms not listed weigh 0 (which is an error if they have units). Null means equal allocation.</summary>
    /// <value>The default is <see langword="null"/> (equal split).</value>
    public IReadOnlyDictionary<string, double>? ExpectedAllocation { get; init; }

    /// <summary>Gets the correction across treatment arms.</summary>
    /// <value>The default is Holm.</value>
    public MultipleTestingCorrection Correction { get; init; } = PValueAdjustment.DefaultCorrection;

    /// <summary>Gets the test of the conversion rate, any <see cref="ISignificanceTest{TInput}"/> over two proportions.</summary>
    /// <value>The default <see langword="null"/> is the pooled two-proportion z-test (<see cref="ProportionDifferenceTest"/>) at <see cref="ConfidenceLevel"/>.</value>
    public ISignificanceTest<TwoProportions>? ConversionTest { get; init; }

    /// <summary>Gets the test of revenue per unit when it is not CUPED-adjusted, any <see cref="ISignificanceTest{TInput}"/> over two sample summaries.</summary>
    /// <value>The default <see langword="null"/> is Welch's t-test (<see cref="MeanDifferenceTest"/>) at <see cref="ConfidenceLevel"/>.</value>
    public ISignificanceTest<TwoSampleSummaries>? RevenueTest { get; init; }

    /// <summary>Gets whether to CUPED-adjust revenue when every unit has a covariate.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseCuped { get; init; } = true;

    /// <summary>Gets the metrics treated as guardrails (must not get significantly lower).</summary>
    /// <value>The default is empty.</value>
    public IReadOnlySet<string> GuardrailMetrics { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
