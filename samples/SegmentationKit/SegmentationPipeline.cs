using System.Globalization;
using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Samples;

/// <summary>
/// A segment as the samples print and export it: size, average raw features (<c>Means</c>, original units),
/// average standardized features (<c>ZScores</c>, after log1p where applied) and the persona with its playbook
/// entry, both from <see cref="PersonaBuilder"/>.
/// </summary>
public sealed record SegmentSummary(int Segment, string Persona, int Customers, double Share, IReadOnlyDictionary<string, double> Means, IReadOnlyDictionary<string, double> ZScores, PromotionPlaybookEntry Play)
{
    /// <summary>A one-line offer for the audience file.</summary>
    public string RecommendedOffer => Play.MaxDiscount > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Play.OfferType}: up to {Play.MaxDiscount:0%} off {Play.CategoryFocus}")
        : $"{Play.OfferType}: {Play.CategoryFocus}";
}

/// <summary>The result of <see cref="SegmentationPipeline.Run"/>.</summary>
/// <param name="Candidates">The choose-k table (one row for a fixed k).</param>
/// <param name="Selection">The package's choose-k result (elbow, reason), or null for a fixed k.</param>
public sealed record SegmentationResult(
    FeatureMatrix<double> RawFeatures,
    FeatureMatrix<double> ScaledFeatures,
    ScalerModel Scaler,
    KMeansModel<double> Model,
    IReadOnlyList<ClusterCountScore> Candidates,
    ClusterCountSelectionResult? Selection,
    int ChosenK,
    IReadOnlyList<SegmentSummary> Profiles,
    int DroppedCustomers)
{
    /// <summary>One sentence per condition the caller should see (for example a k range narrowed to the distinct customer profiles).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// RFM/behavioural features -> clean (drop customers without a purchase, log-transform the skewed
/// money and count columns) -> standard scaling -> choose k (<see cref="ClusterCountSelection"/>) -> K-Means ->
/// profiles (<see cref="SegmentProfiler"/>), personas and playbook (<see cref="PersonaBuilder"/>).
/// Shared by the RetailSegmentation sample and <c>personalize segment</c>.
/// </summary>
public static class SegmentationPipeline
{
    /// <summary>The features the segmentation uses.</summary>
    public static readonly string[] Columns =
    [
        CustomerFeatureNames.Recency,
        CustomerFeatureNames.Frequency,
        CustomerFeatureNames.Monetary,
        CustomerFeatureNames.AverageOrderValue,
        CustomerFeatureNames.Tenure,
        CustomerFeatureNames.ReturnRate,
    ];

    // Counts and money are heavy-tailed (a few wholesalers spend 100x the median); log1p keeps them from owning the distance.
    private static readonly HashSet<string> s_logColumns = new(StringComparer.Ordinal)
    {
        CustomerFeatureNames.Frequency, CustomerFeatureNames.Monetary, CustomerFeatureNames.AverageOrderValue,
    };

    public const int Seed = 42;

    // Above this many customers the silhouette is estimated on a seeded sample (the exact one is O(n^2)).
    private const int SilhouetteSampleSize = 5000;

    // Persona words per feature (high, low) for PersonaBuilder's naming rule.
    private static readonly PersonaOptions s_personaOptions = new()
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

    // The default playbook's category focus is the segment's most over-represented feature; say it as a product focus.
    private static readonly Dictionary<string, string> s_focus = new(StringComparer.Ordinal)
    {
        [CustomerFeatureNames.Recency] = "seasonal best sellers",
        [CustomerFeatureNames.Frequency] = "everyday best sellers",
        [CustomerFeatureNames.Monetary] = "premium ranges",
        [CustomerFeatureNames.AverageOrderValue] = "bulk and trade packs",
        [CustomerFeatureNames.Tenure] = "new arrivals",
        [CustomerFeatureNames.ReturnRate] = "well-reviewed products",
        ["All categories"] = "best sellers",
    };

    public static FeatureMatrix<double> ExtractFeatures(IEnumerable<Transaction> transactions) =>
        new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = Columns }).Extract(transactions);

    /// <param name="features">Raw features with <see cref="Columns"/>.</param>
    /// <param name="k">A fixed k, or null to choose among <paramref name="minK"/>..<paramref name="maxK"/> by silhouette.</param>
    public static SegmentationResult Run(FeatureMatrix<double> features, int? k, ConsoleProgress? progress, int minK = 3, int maxK = 8)
    {
        FeatureMatrix<double> raw = Clean(features);
        int dropped = features.RowCount - raw.RowCount;
        if (raw.RowCount < 2)
        {
            throw new InvalidDataException($"Only {raw.RowCount} customer(s) have a purchase; segmentation needs at least 2.");
        }

        FeatureMatrix<double> logged = LogTransform(raw);
        ScalerModel scaler = new StandardScaler().Fit(logged);
        FeatureMatrix<double> scaled = scaler.Transform(logged);

        // K-Means cannot make more segments than there are distinct customer profiles; say so instead of returning empty segments.
        int profiles = DistinctRows(scaled);
        if (profiles < 2)
        {
            throw new InvalidDataException($"All {scaled.RowCount:N0} customers with a purchase have identical features ({string.Join(", ", raw.ColumnNames)}); there is nothing to segment.");
        }

        if (k > profiles)
        {
            throw new InvalidDataException($"k = {k} segments asked for, but the {scaled.RowCount:N0} customers have only {profiles} distinct feature profiles; use k = {profiles} or fewer.");
        }

        var warnings = new List<string>();
        maxK = Math.Min(maxK, scaled.RowCount - 1);
        minK = Math.Max(2, Math.Min(minK, maxK));
        ClusterCountSelectionResult? selection = null;
        if (k is null)
        {
            if (maxK < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(features), scaled.RowCount, $"Choosing k needs at least 3 customers with a purchase, but only {scaled.RowCount} remain.");
            }

            if (maxK > profiles)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the customers have only {profiles} distinct feature profiles, so k was chosen among {Math.Min(minK, profiles)}..{profiles} instead of {minK}..{maxK}."));
                maxK = profiles;
                minK = Math.Min(minK, maxK);
            }

            progress?.Begin("Choosing k");
            progress?.Report(double.NaN, string.Create(CultureInfo.InvariantCulture, $"k = {minK}..{maxK}"));
            selection = ClusterCountSelection.Evaluate(
                new KMeans(new KMeansOptions { ClusterCount = minK, Seed = Seed, Restarts = 3 }),
                scaled,
                new ClusterCountSelectionOptions
                {
                    MinClusterCount = minK,
                    MaxClusterCount = maxK,
                    Rule = SelectionRule.Silhouette,
                    GapReferenceCount = 0,
                    SilhouetteSampleSize = scaled.RowCount > SilhouetteSampleSize ? SilhouetteSampleSize : null,
                    Seed = Seed,
                });
            k = selection.RecommendedClusterCount;
            progress?.End(selection.Reason);
        }

        if (k < 1 || k > scaled.RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of customers ({scaled.RowCount}).");
        }

        progress?.Begin("K-Means");
        var kmeans = new KMeans(new KMeansOptions { ClusterCount = k.Value, Seed = Seed, Restarts = 10 }, progress);
        KMeansModel<double> model = kmeans.Fit(scaled);
        if (model.IsDegenerate)
        {
            throw new InvalidDataException($"K-Means with k = {k} left {model.ClusterCount - model.DistinctClusterCount} segment(s) empty ({profiles} distinct customer profiles); use k = {model.DistinctClusterCount} or fewer.");
        }

        progress?.End(string.Create(CultureInfo.InvariantCulture, $"{k} segments, inertia {model.Inertia:N1}, {model.Iterations} iterations"));
        IReadOnlyList<ClusterCountScore> candidates = selection?.Scores ?? [Score(scaled, model, k.Value)];
        IReadOnlyList<SegmentSummary> summaries = Profile(raw, logged, model);
        return new SegmentationResult(raw, scaled, scaler, model, candidates, selection, k.Value, summaries, dropped) { Warnings = warnings };
    }

    /// <summary>The number of distinct rows (exact equality of every value).</summary>
    public static int DistinctRows(FeatureMatrix<double> data)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var key = new System.Text.StringBuilder();
        for (int r = 0; r < data.RowCount; r++)
        {
            key.Clear();
            foreach (double v in data.Row(r))
            {
                key.Append(BitConverter.DoubleToInt64Bits(v + 0.0).ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            seen.Add(key.ToString());
        }

        return seen.Count;
    }

    /// <summary>Drops customers whose window holds no purchase (frequency 0, undefined recency) or a non-finite feature.</summary>
    public static FeatureMatrix<double> Clean(FeatureMatrix<double> features)
    {
        var keep = new List<int>();
        int frequency = features.ColumnIndex(CustomerFeatureNames.Frequency);
        int monetary = features.ColumnIndex(CustomerFeatureNames.Monetary);
        for (int r = 0; r < features.RowCount; r++)
        {
            ReadOnlySpan<double> row = features.Row(r);
            bool finite = true;
            foreach (double v in row)
            {
                finite &= double.IsFinite(v);
            }

            if (finite && row[frequency] >= 1 && row[monetary] > 0)
            {
                keep.Add(r);
            }
        }

        return features.SelectRows(keep.ToArray());
    }

    /// <summary>log1p on the heavy-tailed money and count columns, the rest unchanged.</summary>
    public static FeatureMatrix<double> LogTransform(FeatureMatrix<double> raw)
    {
        var transformed = new double[raw.RowCount * raw.ColumnCount];
        for (int r = 0; r < raw.RowCount; r++)
        {
            ReadOnlySpan<double> row = raw.Row(r);
            for (int c = 0; c < raw.ColumnCount; c++)
            {
                transformed[(r * raw.ColumnCount) + c] = s_logColumns.Contains(raw.ColumnNames[c]) ? Math.Log(1 + Math.Max(0, row[c])) : row[c];
            }
        }

        return FeatureMatrix<double>.FromOwnedArray(transformed, raw.RowCount, raw.ColumnCount, raw.ColumnNames, raw.RowIds);
    }

    /// <summary>The choose-k row of a fixed k, from the final model.</summary>
    private static ClusterCountScore Score(FeatureMatrix<double> scaled, KMeansModel<double> model, int k)
    {
        double silhouette = k < 2 ? double.NaN
            : scaled.RowCount <= SilhouetteSampleSize ? ClusterMetrics.Silhouette(scaled, model.Labels)
            : ClusterMetrics.Silhouette(scaled, model.Labels, sampleSize: SilhouetteSampleSize, seed: Seed);
        double ch = k < 2 ? double.NaN : ClusterMetrics.CalinskiHarabasz(scaled, model.Labels);
        double db = k < 2 ? double.NaN : ClusterMetrics.DaviesBouldin(scaled, model.Labels);
        return new ClusterCountScore(k, model.Inertia, silhouette, ch, db, double.NaN, double.NaN);
    }

    /// <summary>
    /// Means come from the profile of the raw features (days, orders, GBP). Personas are named from the profile of the
    /// log-transformed features - the space K-Means saw, where a segment's difference in SDs equals its average
    /// standardized feature - so a few wholesalers' heavy tails do not hide every other difference.
    /// </summary>
    private static IReadOnlyList<SegmentSummary> Profile(FeatureMatrix<double> raw, FeatureMatrix<double> logged, KMeansModel<double> model)
    {
        var options = new SegmentProfileOptions { RevenueColumn = CustomerFeatureNames.Monetary };
        SegmentProfileTable rawProfiles = SegmentProfiler.Profile(raw, model.Labels, options: options);
        SegmentProfileTable namingProfiles = SegmentProfiler.Profile(logged, model.Labels, options: options);
        IReadOnlyList<Persona> personas = PersonaBuilder.Build(namingProfiles, s_personaOptions);
        var result = new List<SegmentSummary>();
        for (int s = 0; s < model.ClusterCount; s++)
        {
            Clustering.SegmentProfile rawSegment = rawProfiles.Segments.Single(p => p.Segment == s);
            Clustering.SegmentProfile namingSegment = namingProfiles.Segments.Single(p => p.Segment == s);
            Persona persona = personas.Single(p => p.Segment == s);
            PromotionPlaybookEntry play = persona.Playbook with { CategoryFocus = s_focus.GetValueOrDefault(persona.Playbook.CategoryFocus, persona.Playbook.CategoryFocus) };
            result.Add(new SegmentSummary(
                s,
                persona.Name,
                rawSegment.Size,
                rawSegment.Share,
                rawSegment.Features.ToDictionary(f => f.Feature, f => f.Mean, StringComparer.Ordinal),
                namingSegment.Features.ToDictionary(f => f.Feature, f => f.DifferenceInStandardDeviations, StringComparer.Ordinal),
                play));
        }

        return result;
    }
}
