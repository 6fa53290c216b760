namespace Personalization.Features;

/// <summary>
/// The columns of an experiment's results file for <see cref="ExperimentCsvReader"/>: one row per randomised unit
/// with its arm, its outcomes and its pre-treatment features.
/// </summary>
/// <remarks>Immutable and thread-safe; <see cref="ExperimentCsvReader"/> validates it.</remarks>
public sealed record ExperimentCsvSchema
{
    /// <summary>Gets the column holding each unit's arm.</summary>
    public required string TreatmentColumn { get; init; }

    /// <summary>Gets the value of <see cref="TreatmentColumn"/> that marks the control arm (arm 0).</summary>
    public required string ControlArm { get; init; }

    /// <summary>Gets the treatment arms kept, in arm order (arm 1 first); rows of other arms are counted and skipped.</summary>
    /// <value>The default <see langword="null"/> keeps every value other than <see cref="ControlArm"/>, in ordinal order.</value>
    public IReadOnlyList<string>? TreatmentArms { get; init; }

    /// <summary>Gets the numeric outcome columns (for example visit, conversion, spend); at least one.</summary>
    public IReadOnlyList<string> OutcomeColumns { get; init; } = [];

    /// <summary>Gets the numeric feature columns, in feature order.</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<string> NumericColumns { get; init; } = [];

    /// <summary>Gets the text feature columns, one-hot encoded by <see cref="ExperimentCsvData.FitFeatures"/> after the numeric ones.</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<string> CategoricalColumns { get; init; } = [];

    /// <summary>Gets the column of unit ids.</summary>
    /// <value>The default <see langword="null"/> uses each row's line number (the header is line 1).</value>
    public string? IdColumn { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(TreatmentColumn);
        ArgumentException.ThrowIfNullOrEmpty(ControlArm);
        ArgumentNullException.ThrowIfNull(OutcomeColumns);
        ArgumentNullException.ThrowIfNull(NumericColumns);
        ArgumentNullException.ThrowIfNull(CategoricalColumns);
        if (OutcomeColumns.Count == 0)
        {
            throw new ArgumentException("OutcomeColumns is empty; name at least one outcome column.", nameof(OutcomeColumns));
        }

        if (TreatmentArms is { } arms && (arms.Count == 0 || arms.Contains(ControlArm, StringComparer.Ordinal) || arms.Distinct(StringComparer.Ordinal).Count() != arms.Count))
        {
            throw new ArgumentException($"TreatmentArms must name at least one arm, each once, and not the control arm '{ControlArm}'.", nameof(TreatmentArms));
        }
    }
}
