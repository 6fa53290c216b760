using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Segmentation;

/// <summary>
/// Hyperparameters of <see cref="SegmentationPipeline"/>: which features, which transform and scaler, how k is chosen,
/// how K-Means is fitted and how personas are named. Construction does no work; <see cref="Validate"/> checks the values.
/// </summary>
/// <remarks>The defaults are those of <c>personalize segment</c>: six RFM/behavioural features, log1p on the
/// heavy-tailed count and money columns, standard scaling, k chosen in 3..8 by silhouette, K-Means with 10 restarts, seed 42.</remarks>
public sealed record SegmentationPipelineOptions : IValidatableOptions
{
    /// <summary>Gets the feature columns the segmentation uses, in order.</summary>
    /// <value>Default: recency, frequency, monetary, average order value, tenure, return rate.</value>
    public IReadOnlyList<string> Columns { get; init; } = SegmentationDefaults.Columns;

    /// <summary>Gets the columns transformed with log1p before scaling (a subset of <see cref="Columns"/>).</summary>
    /// <value>Default: frequency, monetary and average order value (a few wholesalers spend 100x the median).</value>
    public IReadOnlyList<string> LogColumns { get; init; } = SegmentationDefaults.LogColumns;

    /// <summary>Gets the scaler applied after the log transform.</summary>
    /// <value>Default <see cref="ScalerKind.Standard"/>.</value>
    public ScalerKind Scaler { get; init; } = ScalerKind.Standard;

    /// <summary>Gets a fixed number of segments, or <see langword="null"/> to choose it in
    /// <see cref="MinClusterCount"/>..<see cref="MaxClusterCount"/> by <see cref="SelectionRule"/>.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public int? ClusterCount { get; init; }

    /// <summary>Gets the smallest k considered when choosing k (at least 2).</summary>
    /// <value>Default 3.</value>
    public int MinClusterCount { get; init; } = 3;

    /// <summary>Gets the largest k considered when choosing k (capped at the number of customers minus one).</summary>
    /// <value>Default 8.</value>
    public int MaxClusterCount { get; init; } = 8;

    /// <summary>Gets the rule that picks k.</summary>
    /// <value>Default <see cref="Clustering.SelectionRule.Silhouette"/>.</value>
    public SelectionRule SelectionRule { get; init; } = SelectionRule.Silhouette;

    /// <summary>Gets the number of customers above which the silhouette is estimated on a seeded sample of this size (the exact one is O(n^2)).</summary>
    /// <value>Default 5,000.</value>
    public int SilhouetteSampleSize { get; init; } = 5_000;

    /// <summary>Gets the K-Means restarts of each candidate k while choosing k.</summary>
    /// <value>Default 3.</value>
    public int SelectionRestarts { get; init; } = 3;

    /// <summary>Gets the K-Means restarts of the final fit (the lowest inertia wins).</summary>
    /// <value>Default 10.</value>
    public int Restarts { get; init; } = 10;

    /// <summary>Gets the seed of every randomized step (K-Means seeding, silhouette sample).</summary>
    /// <value>Default 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the persona naming and playbook options.</summary>
    /// <value>Default: two traits per persona, trait words for the six default features, e-mail as the default channel.</value>
    public PersonaOptions Personas { get; init; } = SegmentationDefaults.Personas;

    /// <summary>Gets how a playbook category focus (a feature name, or "All categories") is said as a product focus;
    /// a focus without an entry is kept as it is.</summary>
    /// <value>Default: one phrase per default feature (for example monetary -> "premium ranges").</value>
    public IReadOnlyDictionary<string, string> CategoryFocus { get; init; } = SegmentationDefaults.CategoryFocus;

    /// <summary>Gets the column whose segment totals the profiles report as revenue, or <see langword="null"/> for none.</summary>
    /// <value>Default <c>monetary</c>.</value>
    public string? RevenueColumn { get; init; } = CustomerFeatureNames.Monetary;

    /// <summary>Checks every option; <see cref="SegmentationPipeline.Fit(FeatureMatrix{double}, IProgress{FitProgress}, CancellationToken)"/>
    /// and the DI validator call it.</summary>
    /// <exception cref="ArgumentNullException">A list or dictionary option is null.</exception>
    /// <exception cref="ArgumentException">A column list is empty or repeats a name, a log column or the revenue column is not among <see cref="Columns"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of its range, <see cref="MinClusterCount"/> exceeds <see cref="MaxClusterCount"/>, or <see cref="Scaler"/> or <see cref="SelectionRule"/> is undefined.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Columns, nameof(Columns));
        ArgumentNullException.ThrowIfNull(LogColumns, nameof(LogColumns));
        ArgumentNullException.ThrowIfNull(Personas, nameof(Personas));
        ArgumentNullException.ThrowIfNull(CategoryFocus, nameof(CategoryFocus));
        if (Columns.Count == 0)
        {
            throw new ArgumentException("Columns is empty; name at least one feature column to segment on.", nameof(Columns));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string column in Columns)
        {
            if (string.IsNullOrWhiteSpace(column) || !names.Add(column))
            {
                throw new ArgumentException($"Columns holds an empty or repeated name ('{column}'); every column must be named once.", nameof(Columns));
            }
        }

        foreach (string column in LogColumns)
        {
            if (!names.Contains(column))
            {
                throw new ArgumentException($"LogColumns names '{column}', which is not among Columns ({string.Join(", ", Columns)}).", nameof(LogColumns));
            }
        }

        if (RevenueColumn is not null && !names.Contains(RevenueColumn))
        {
            throw new ArgumentException($"RevenueColumn is '{RevenueColumn}', which is not among Columns ({string.Join(", ", Columns)}).", nameof(RevenueColumn));
        }

        if (!Enum.IsDefined(Scaler))
        {
            throw new ArgumentOutOfRangeException(nameof(Scaler), Scaler, "Scaler must be Standard, MinMax or Robust.");
        }

        if (!Enum.IsDefined(SelectionRule))
        {
            throw new ArgumentOutOfRangeException(nameof(SelectionRule), SelectionRule, "SelectionRule is not a defined rule.");
        }

        if (ClusterCount is int k && k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ClusterCount), k, "ClusterCount must be at least 1, or null to choose k.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinClusterCount, 2, nameof(MinClusterCount));
        if (MaxClusterCount < MinClusterCount)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxClusterCount), MaxClusterCount, $"MaxClusterCount must be at least MinClusterCount ({MinClusterCount}).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SilhouetteSampleSize, 2, nameof(SilhouetteSampleSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(SelectionRestarts, 1, nameof(SelectionRestarts));
        ArgumentOutOfRangeException.ThrowIfLessThan(Restarts, 1, nameof(Restarts));
    }
}
