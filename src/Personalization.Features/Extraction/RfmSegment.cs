namespace Personalization.Features;

/// <summary>The classic RFM segments, assigned from the recency and frequency scores (see <see cref="RfmSegmentation"/>).</summary>
public enum RfmSegment
{
    /// <summary>Bought recently and often (R 5, F 4-5).</summary>
    Champions = 0,

    /// <summary>Buy often and fairly recently (R 3-4, F 4-5).</summary>
    LoyalCustomers = 1,

    /// <summary>Recent customers with a few orders (R 4-5, F 2-3).</summary>
    PotentialLoyalists = 2,

    /// <summary>Bought very recently, once (R 5, F 1).</summary>
    NewCustomers = 3,

    /// <summary>Recent shoppers with a single order (R 4, F 1).</summary>
    Promising = 4,

    /// <summary>Middling recency and frequency (R 3, F 3).</summary>
    NeedAttention = 5,

    /// <summary>Below-average recency and frequency (R 3, F 1-2).</summary>
    AboutToSleep = 6,

    /// <summary>Used to buy often, not for a long time (R 1-2, F 3-4).</summary>
    AtRisk = 7,

    /// <summary>Were among the most frequent, now long gone (R 1-2, F 5).</summary>
    CannotLoseThem = 8,

    /// <summary>Long gone, few orders (R 1-2, F 1-2).</summary>
    Hibernating = 9,
}
