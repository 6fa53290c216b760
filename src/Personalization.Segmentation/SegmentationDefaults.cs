using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Segmentation;

/// <summary>The defaults of <see cref="SegmentationPipelineOptions"/>, shared so that every default instance is the same object.</summary>
internal static class SegmentationDefaults
{
    public static readonly IReadOnlyList<string> Columns =
    [
        CustomerFeatureNames.Recency,
        CustomerFeatureNames.Frequency,
        CustomerFeatureNames.Monetary,
        CustomerFeatureNames.AverageOrderValue,
        CustomerFeatureNames.Tenure,
        CustomerFeatureNames.ReturnRate,
    ];

    public static readonly IReadOnlyList<string> LogColumns =
    [
        CustomerFeatureNames.Frequency,
        CustomerFeatureNames.Monetary,
        CustomerFeatureNames.AverageOrderValue,
    ];

    public static readonly PersonaOptions Personas = new()
    {
        MaxTraits = 2,
        DefaultChannel = "e-mail",
        FeatureWords = new Dictionary<string, (string High, string Low)>(StringComparer.Ordinal)
        {
            [CustomerFeatureNames.Recency] = ("lapsed", "recent"),
            [CustomerFeatureNames.Frequency] = ("frequent", "infrequent"),
            [CustomerFeatureNames.Monetary] = ("high spend", "low spend"),
            [CustomerFeatureNames.AverageOrderValue] = ("big baskets", "small baskets"),
            [CustomerFeatureNames.Tenure] = ("long-standing", "new"),
            [CustomerFeatureNames.ReturnRate] = ("returns a lot", "rarely returns"),
        },
    };

    public static readonly IReadOnlyDictionary<string, string> CategoryFocus = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CustomerFeatureNames.Recency] = "seasonal best sellers",
        [CustomerFeatureNames.Frequency] = "everyday best sellers",
        [CustomerFeatureNames.Monetary] = "premium ranges",
        [CustomerFeatureNames.AverageOrderValue] = "bulk and trade packs",
        [CustomerFeatureNames.Tenure] = "new arrivals",
        [CustomerFeatureNames.ReturnRate] = "well-reviewed products",
        ["All categories"] = "best sellers",
    };
}
