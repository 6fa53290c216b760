namespace Personalization.Clustering;

/// <summary>A promotion playbook entry: what to offer a persona, where and how often.</summary>
/// <param name="OfferType">The kind of offer, for example "Loyalty reward".</param>
/// <param name="CategoryFocus">The category or feature the offer focuses on.</param>
/// <param name="MaxDiscount">The largest discount, as a fraction in [0, 1].</param>
/// <param name="Channel">The contact channel, for example "Email".</param>
/// <param name="Cadence">How often to contact, for example "Monthly".</param>
public sealed record PromotionPlaybookEntry(string OfferType, string CategoryFocus, double MaxDiscount, string Channel, string Cadence);
