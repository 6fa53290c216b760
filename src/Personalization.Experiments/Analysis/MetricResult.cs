namespace Personalization.Experiments;

/// <summary>One row of an experiment's result table: a metric in one treatment arm against control.</summary>
/// <param name="Metric">The metric name (see <see cref="ExperimentAnalysis.ConversionMetric"/> and friends).</param>
/// <param name="Arm">The treatment arm.</param>
/// <param name="TestName">The test used.</param>
/// <param name="ControlEstimate">The metric in control.</param>
/// <param name="TreatmentEstimate">The metric in the treatment arm (CUPED-adjusted when CUPED was used).</param>
/// <param name="Difference">Treatment minus control.</param>
/// <param name="DifferenceInterval">The confidence interval of the difference.</param>
/// <param name="Lift">The relative lift and its delta-method interval (NaN when the control estimate is 0).</param>
/// <param name="PValue">The unadjusted p-value.</param>
/// <param name="AdjustedPValue">The p-value corrected across treatment arms.</param>
/// <param name="Decision">The decision at the configured alpha.</param>
/// <param name="SampleRatioMismatch">Whether the experiment failed its SRM check (the row should not be trusted).</param>
/// <param name="Guardrail">The guardrail status.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record MetricResult(
    string Metric,
    string Arm,
    string TestName,
    double ControlEstimate,
    double TreatmentEstimate,
    double Difference,
    ConfidenceInterval DifferenceInterval,
    LiftEstimate Lift,
    double PValue,
    double AdjustedPValue,
    ExperimentDecision Decision,
    bool SampleRatioMismatch,
    GuardrailStatus Guardrail);
