namespace Personalization.Sql;

/// <summary>The columns of an experiment table read by <see cref="SqlExperimentStatistics"/>: one row per randomisation unit, as
/// <see cref="Experiments.ExperimentUnit"/> (arm, converted, revenue, optional pre-period covariate).</summary>
/// <remarks>Constructing the columns does no work; <see cref="SqlExperimentStatistics.Compute"/> validates them. Immutable; <c>with</c> clones.</remarks>
public sealed record SqlExperimentColumns
{
    /// <summary>Gets the arm column (any type; compared as text).</summary>
    /// <value>Default <c>arm</c>.</value>
    public string Arm { get; init; } = "arm";

    /// <summary>Gets the conversion column: a number, non-zero meaning converted (for a boolean column, select <c>CASE WHEN b THEN 1 ELSE 0 END</c> in a query).</summary>
    /// <value>Default <c>converted</c>.</value>
    public string Converted { get; init; } = "converted";

    /// <summary>Gets the revenue column (a number; 0 for no purchase).</summary>
    /// <value>Default <c>revenue</c>.</value>
    public string Revenue { get; init; } = "revenue";

    /// <summary>Gets the pre-period covariate column for CUPED, or <see langword="null"/> for none.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? Covariate { get; init; }

    internal void Validate()
    {
        Check(Arm, nameof(Arm));
        Check(Converted, nameof(Converted));
        Check(Revenue, nameof(Revenue));
        if (Covariate is not null)
        {
            Check(Covariate, nameof(Covariate));
        }
    }

    private static void Check(string? name, string property)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"columns.{property} is empty; name the {property.ToLowerInvariant()} column.", "columns");
        }
    }
}
