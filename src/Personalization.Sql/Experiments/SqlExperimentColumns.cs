namespace Personalization.Sql;

/// <summary>The columns of an experiment table read by <see cref="SqlExperimentStatistics"/>: one row per randomisation unit with its arm,
/// one or more numeric metrics, an optional pre-period covariate (for CUPED) and the ratio metrics to prepare.</summary>
/// <remarks>Constructing the columns does no work; <see cref="SqlExperimentStatistics.Compute"/> validates them. Immutable; <c>with</c> clones.</remarks>
public sealed record SqlExperimentColumns
{
    /// <summary>Gets the arm column (any type; compared as text).</summary>
    /// <value>Default <c>arm</c>.</value>
    public string Arm { get; init; } = "arm";

    /// <summary>Gets the metric columns (numbers; a 0/1 column is a conversion metric for <see cref="SqlMetricStatistics.Proportion"/>).</summary>
    /// <value>Default empty; at least one is required, each named once.</value>
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>Gets the pre-period covariate column for CUPED, or <see langword="null"/> for none. A NULL covariate means "none for this unit".</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? Covariate { get; init; }

    /// <summary>Gets the ratio metrics (numerator and denominator, both in <see cref="Metrics"/>) whose cross-product Σ numerator · denominator is computed
    /// for <see cref="SqlArmStatistics.Ratio"/>; for revenue per conversion, <c>("revenue", "converted")</c>.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<(string Numerator, string Denominator)> Ratios { get; init; } = [];

    internal void Validate()
    {
        Check(Arm, nameof(Arm));
        ArgumentNullException.ThrowIfNull(Metrics, "columns.Metrics");
        ArgumentNullException.ThrowIfNull(Ratios, "columns.Ratios");
        if (Metrics.Count == 0)
        {
            throw new ArgumentException("columns.Metrics is empty; name at least one metric column.", "columns");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string metric in Metrics)
        {
            Check(metric, nameof(Metrics));
            if (!seen.Add(metric))
            {
                throw new ArgumentException($"columns.Metrics names '{metric}' twice; name each metric once.", "columns");
            }

            if (metric == Arm || metric == Covariate)
            {
                throw new ArgumentException($"'{metric}' is a metric and also the {(metric == Arm ? "arm" : "covariate")} column; a metric must be its own column.", "columns");
            }
        }

        if (Covariate is not null)
        {
            Check(Covariate, nameof(Covariate));
        }

        foreach ((string numerator, string denominator) in Ratios)
        {
            if (!seen.Contains(numerator ?? string.Empty) || !seen.Contains(denominator ?? string.Empty))
            {
                throw new ArgumentException($"The ratio ({numerator}, {denominator}) names a column that is not in columns.Metrics; add both to Metrics.", "columns");
            }
        }
    }

    private static void Check(string? name, string property)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"columns.{property} holds an empty name; name the column.", "columns");
        }
    }
}
