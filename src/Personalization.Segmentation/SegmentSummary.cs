using System.Collections.Immutable;
using System.Globalization;
using Personalization.Clustering;

namespace Personalization.Segmentation;

/// <summary>One segment of a <see cref="SegmentationModel"/>: its size, its average features and its persona with the playbook entry.</summary>
/// <param name="Segment">The segment id (the K-Means label).</param>
/// <param name="Persona">The persona name (for example "Recent high spend").</param>
/// <param name="Traits">The trait words the name was built from.</param>
/// <param name="Customers">The number of training customers in the segment.</param>
/// <param name="Share">The share of training customers in the segment.</param>
/// <param name="Means">The average raw feature values (days, orders, money), by column name.</param>
/// <param name="ZScores">The average standardized feature values (after log1p where applied), by column name.</param>
/// <param name="Play">The promotion playbook entry of the persona.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SegmentSummary(
    int Segment,
    string Persona,
    ImmutableArray<string> Traits,
    int Customers,
    double Share,
    ImmutableDictionary<string, double> Means,
    ImmutableDictionary<string, double> ZScores,
    PromotionPlaybookEntry Play)
{
    /// <summary>Gets the one-line offer of the segment for an audience file, for example "Loyalty reward: up to 20% off premium ranges".</summary>
    public string RecommendedOffer => Play.MaxDiscount > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Play.OfferType}: up to {Play.MaxDiscount:0%} off {Play.CategoryFocus}")
        : $"{Play.OfferType}: {Play.CategoryFocus}";
}
