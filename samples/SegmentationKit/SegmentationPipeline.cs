using System.Globalization;
using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Samples;

/// <summary>One row of the choose-k table.</summary>
public sealed record KCandidate(int K, double Inertia, double Silhouette, double CalinskiHarabasz, double DaviesBouldin);

/// <summary>A segment's size, average raw features, z-scores, persona and playbook.</summary>
public sealed record SegmentProfile(int Segment, string Persona, int Customers, double Share, IReadOnlyDictionary<string, double> Means, IReadOnlyDictionary<string, double> ZScores, PromotionPlay Play);

/// <summary>The result of <see cref="SegmentationPipeline.Run"/>.</summary>
public sealed record SegmentationResult(
    FeatureMatrix<double> RawFeatures,
    FeatureMatrix<double> ScaledFeatures,
    ScalerModel Scaler,
    KMeansModel<double> Model,
    IReadOnlyList<KCandidate> Candidates,
    int ChosenK,
    IReadOnlyList<SegmentProfile> Profiles,
    int DroppedCustomers);

/// <summary>
/// RFM/behavioural features -> clean (drop customers without a purchase, log-transform the skewed
/// money and count columns) -> standard scaling -> choose k -> K-Means -> profiles, personas, playbook.
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

        maxK = Math.Min(maxK, scaled.RowCount - 1);
        minK = Math.Min(minK, maxK);
        var candidates = new List<KCandidate>();
        if (k is null)
        {
            progress?.Begin("Choosing k");
            for (int candidate = Math.Max(2, minK - 1); candidate <= maxK; candidate++)
            {
                progress?.Report((double)(candidate - minK + 1) / (maxK - minK + 2), string.Create(CultureInfo.InvariantCulture, $"k = {candidate}"));
                KMeansModel<double> trial = new KMeans(new KMeansOptions { ClusterCount = candidate, Seed = Seed, Restarts = 3 }).Fit(scaled);
                candidates.Add(Score(scaled, trial, candidate));
            }

            KCandidate best = candidates.Where(c => c.K >= minK).MaxBy(c => c.Silhouette)!;
            k = best.K;
            progress?.End(string.Create(CultureInfo.InvariantCulture, $"k = {k} (best silhouette {best.Silhouette:0.000} among k = {minK}..{maxK})"));
        }

        if (k < 1 || k > scaled.RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of customers ({scaled.RowCount}).");
        }

        progress?.Begin("K-Means");
        var kmeans = new KMeans(new KMeansOptions { ClusterCount = k.Value, Seed = Seed, Restarts = 10 }, progress);
        KMeansModel<double> model = kmeans.Fit(scaled);
        progress?.End(string.Create(CultureInfo.InvariantCulture, $"{k} segments, inertia {model.Inertia:N1}, {model.Iterations} iterations"));
        if (candidates.Count == 0)
        {
            candidates.Add(Score(scaled, model, k.Value));
        }

        IReadOnlyList<SegmentProfile> profiles = Profile(raw, scaled, model);
        return new SegmentationResult(raw, scaled, scaler, model, candidates, k.Value, profiles, dropped);
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

    private static KCandidate Score(FeatureMatrix<double> scaled, KMeansModel<double> model, int k)
    {
        double silhouette = k < 2 ? double.NaN
            : scaled.RowCount <= 5000 ? ClusterMetrics.Silhouette(scaled, model.Labels)
            : ClusterMetrics.Silhouette(scaled, model.Labels, sampleSize: 5000, seed: Seed);
        double ch = k < 2 ? double.NaN : ClusterMetrics.CalinskiHarabasz(scaled, model.Labels);
        double db = k < 2 ? double.NaN : ClusterMetrics.DaviesBouldin(scaled, model.Labels);
        return new KCandidate(k, model.Inertia, silhouette, ch, db);
    }

    private static IReadOnlyList<SegmentProfile> Profile(FeatureMatrix<double> raw, FeatureMatrix<double> scaled, KMeansModel<double> model)
    {
        int k = model.ClusterCount;
        int d = raw.ColumnCount;
        var sizes = new int[k];
        var sums = new double[k, d];
        var zSums = new double[k, d];
        ReadOnlySpan<int> labels = model.Labels;
        for (int r = 0; r < raw.RowCount; r++)
        {
            int s = labels[r];
            sizes[s]++;
            ReadOnlySpan<double> row = raw.Row(r);
            ReadOnlySpan<double> z = scaled.Row(r);
            for (int c = 0; c < d; c++)
            {
                sums[s, c] += row[c];
                zSums[s, c] += z[c];
            }
        }

        var profiles = new List<SegmentProfile>();
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < k; s++)
        {
            var means = new Dictionary<string, double>(StringComparer.Ordinal);
            var zScores = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int c = 0; c < d; c++)
            {
                means[raw.ColumnNames[c]] = sizes[s] == 0 ? double.NaN : sums[s, c] / sizes[s];
                zScores[raw.ColumnNames[c]] = sizes[s] == 0 ? double.NaN : zSums[s, c] / sizes[s];
            }

            string persona = Personas.Name(zScores);
            used[persona] = used.GetValueOrDefault(persona) + 1;
            if (used[persona] > 1)
            {
                persona += " " + used[persona].ToString(CultureInfo.InvariantCulture);
            }

            profiles.Add(new SegmentProfile(s, persona, sizes[s], (double)sizes[s] / raw.RowCount, means, zScores, PromotionPlaybook.For(persona)));
        }

        return profiles;
    }
}
