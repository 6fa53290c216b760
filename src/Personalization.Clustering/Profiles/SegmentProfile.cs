namespace Personalization.Clustering;

/// <summary>The profile of one segment (cluster).</summary>
/// <param name="Segment">The segment label.</param>
/// <param name="Size">The number of rows.</param>
/// <param name="Share">Size divided by the total row count.</param>
/// <param name="RevenueShare">The segment's share of total revenue, or NaN when no revenue column was named.</param>
/// <param name="Features">One entry per feature, in column order.</param>
/// <param name="TopCategories">The most frequent values of each categorical column, by descending count.</param>
public sealed record SegmentProfile(int Segment, int Size, double Share, double RevenueShare, IReadOnlyList<FeatureProfile> Features, IReadOnlyList<CategoryShare> TopCategories);
