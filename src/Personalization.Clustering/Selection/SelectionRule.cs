namespace Personalization.Clustering;

/// <summary>The rule that turns a table of scores per cluster count into a recommended k.</summary>
public enum SelectionRule
{
    /// <summary>The k with the highest mean silhouette (ties: the smallest k).</summary>
    Silhouette = 0,

    /// <summary>The k with the highest Calinski-Harabasz index (ties: the smallest k).</summary>
    CalinskiHarabasz = 1,

    /// <summary>The k with the lowest Davies-Bouldin index (ties: the smallest k).</summary>
    DaviesBouldin = 2,

    /// <summary>The knee of the inertia curve found by the Kneedle method; falls back to <see cref="Silhouette"/> when the curve has no knee.</summary>
    Elbow = 3,

    /// <summary>Tibshirani's gap rule: the smallest k with Gap(k) &gt;= Gap(k + 1) - s(k + 1); the k with the largest gap when no k qualifies.</summary>
    Gap = 4,
}
