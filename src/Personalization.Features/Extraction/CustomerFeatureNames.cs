namespace Personalization.Features;

/// <summary>The column names that <see cref="CustomerFeatureExtractor"/> produces; <c>docs/features.md</c> defines each one.</summary>
public static class CustomerFeatureNames
{
    /// <summary>Days from the last purchase order (any time up to the as-of date) to the as-of date.</summary>
    public const string Recency = "recency_days";

    /// <summary>Distinct purchase orders in the window.</summary>
    public const string Frequency = "frequency";

    /// <summary>Net spend in the window: purchases minus returns (may be negative).</summary>
    public const string Monetary = "monetary";

    /// <summary>Average order value: gross purchase spend in the window divided by <see cref="Frequency"/>.</summary>
    public const string AverageOrderValue = "aov";

    /// <summary>Days from the first purchase order (any time up to the as-of date) to the as-of date.</summary>
    public const string Tenure = "tenure_days";

    /// <summary>Mean of the days between consecutive purchase orders in the window.</summary>
    public const string IntervalMean = "interval_mean_days";

    /// <summary>Population standard deviation of the days between consecutive purchase orders in the window.</summary>
    public const string IntervalStd = "interval_std_days";

    /// <summary>Mean discount percent over the purchase lines in the window.</summary>
    public const string AverageDiscount = "avg_discount_percent";

    /// <summary>Share of purchase orders in the window with at least one discounted line.</summary>
    public const string DiscountedOrderShare = "discounted_order_share";

    /// <summary>Share of purchase orders in the window placed through the online channel.</summary>
    public const string OnlineShare = "online_share";

    /// <summary>Share of orders in the window that are (or contain) returns or cancellations.</summary>
    public const string ReturnRate = "return_rate";

    /// <summary>Recency quintile score, 5 for the most recent customers.</summary>
    public const string RecencyScore = "rfm_r";

    /// <summary>Frequency quintile score, 5 for the most frequent customers.</summary>
    public const string FrequencyScore = "rfm_f";

    /// <summary>Monetary quintile score, 5 for the biggest spenders.</summary>
    public const string MonetaryScore = "rfm_m";

    /// <summary>Prefix of the category spend share columns: <c>category_share_&lt;category&gt;</c>.</summary>
    public const string CategorySharePrefix = "category_share_";

    /// <summary>Index (in <see cref="CustomerFeatureOptions.Categories"/>) of the category with the largest spend in the window.</summary>
    public const string TopCategory = "top_category";
}
