namespace Personalization.Samples;

/// <summary>What to offer a segment, how much, where and how often.</summary>
public sealed record PromotionPlay(string OfferType, string CategoryFocus, double MaxDiscount, string Channel, string Cadence)
{
    /// <summary>A one-line offer for the audience file.</summary>
    public string RecommendedOffer => MaxDiscount > 0 ? $"{OfferType}: up to {MaxDiscount:0%} off {CategoryFocus}" : $"{OfferType}: {CategoryFocus}";
}

/// <summary>The promotion playbook: one play per persona (discounts grow with the risk of losing the customer).</summary>
public static class PromotionPlaybook
{
    public static PromotionPlay For(string persona)
    {
        string baseName = persona.TrimEnd(' ', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return baseName switch
        {
            "Champions" => new PromotionPlay("Loyalty reward and early access", "new arrivals", 0.05, "e-mail + app", "every 2 weeks"),
            "Loyal regulars" => new PromotionPlay("Bundle offer", "best sellers they already buy", 0.10, "e-mail", "every 2 weeks"),
            "Big-basket buyers" => new PromotionPlay("Volume discount over a basket threshold", "bulk and trade packs", 0.10, "account e-mail", "monthly"),
            "New customers" => new PromotionPlay("Second-order coupon", "best sellers", 0.15, "e-mail", "weekly for the first month"),
            "At-risk regulars" => new PromotionPlay("Win-back offer", "categories they used to buy", 0.20, "e-mail + SMS", "once, then monthly"),
            "Lapsed one-timers" => new PromotionPlay("Reactivation coupon", "seasonal best sellers", 0.25, "e-mail", "quarterly"),
            "Frequent returners" => new PromotionPlay("Free exchanges, no discount", "well-reviewed products", 0.0, "e-mail", "monthly"),
            _ => new PromotionPlay("Seasonal promotion", "seasonal best sellers", 0.10, "e-mail", "monthly"),
        };
    }
}
