using System.Globalization;
using System.Numerics;
using Personalization.Clustering.Internal;

namespace Personalization.Clustering;

/// <summary>
/// Chooses the number of clusters: fits any <see cref="IClusterer{T}"/> for a range of k (through
/// <see cref="IClusterer{T}.WithClusterCount"/>) and tabulates inertia (with its Kneedle knee),
/// silhouette, Calinski-Harabasz, Davies-Bouldin and the gap statistic, then recommends a k by a rule.
/// </summary>
/// <remarks>Thread-safe; deterministic when the clusterer is (the gap references are drawn from <see cref="ClusterCountSelectionOptions.Seed"/>).</remarks>
public static class ClusterCountSelection
{
    /// <summary>Fits the clusterer for every k in the range and recommends one.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="clusterer">Any clusterer; its own cluster count is ignored.</param>
    /// <param name="data">The (scaled) data.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels between fits.</param>
    /// <returns>The score table and the recommendation.</returns>
    /// <remarks>
    /// Inertia is the within-cluster sum of squares around each cluster's mean, computed from the labels, so it
    /// is comparable across clusterers. Gap(k) = mean over B uniform references (in the bounding box of the data)
    /// of ln W*(k) minus ln W(k), s(k) = sd(ln W*(k)) sqrt(1 + 1/B) (Tibshirani, Walther and Hastie 2001).
    /// The knee is the k that maximises (1 - normalised inertia) - normalised k (Kneedle, Satopaa et al. 2011).
    /// A clusterer that implements <see cref="IReportsProgress"/> with a sink gets a <see cref="FitProgress"/> with stage
    /// "ClusterCount" after each k is scored (step i of the k range, metric the silhouette of that k, NaN when undefined),
    /// alongside whatever the clusterer reports itself.
    /// A fit that leaves a cluster empty (the data has fewer distinct rows than k) gets NaN silhouette,
    /// Calinski-Harabasz, Davies-Bouldin and gap and is never recommended; a k is never chosen by a NaN score.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="clusterer"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (k range, reference count, sample size).</exception>
    /// <exception cref="ArgumentException">The data is empty or not finite, or no k in the range has a defined score (the data has too few distinct rows, for example all rows are identical).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ClusterCountSelectionResult Evaluate<T>(IClusterer<T> clusterer, FeatureMatrix<T> data, ClusterCountSelectionOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(clusterer);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ClusterCountSelectionOptions();
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        Validate(options, data.RowCount);

        int count = options.MaxClusterCount - options.MinClusterCount + 1;
        var scores = new ClusterCountScore[count];
        int degenerate = 0;
        IProgress<FitProgress>? progress = (clusterer as IReportsProgress)?.Progress;
        FeatureMatrix<T>[] references = options.GapReferenceCount > 0 ? UniformReferences(data, options.GapReferenceCount, options.Seed) : [];
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int k = options.MinClusterCount + i;
            IClusterer<T> estimator = clusterer.WithClusterCount(k);
            IClusteringModel<T> model = estimator.Fit(data, cancellationToken);
            ReadOnlySpan<int> labels = model.Labels;
            int distinct = LabelEncoding.Encode(labels, out int used).Length == 0 ? 0 : used;
            degenerate += distinct < k ? 1 : 0;
            double inertia = ClusterMetrics.Inertia(data, labels);
            double silhouette = double.NaN, ch = double.NaN, db = double.NaN;
            // A fit that left a cluster empty (fewer distinct rows than k) is not a k-cluster solution: no scores, never chosen.
            if (distinct == k && distinct >= 2 && distinct <= data.RowCount - 1)
            {
                silhouette = options.SilhouetteSampleSize is int m && m < data.RowCount
                    ? ClusterMetrics.Silhouette(data, labels, m, options.Seed)
                    : ClusterMetrics.Silhouette(data, labels);
                ch = ClusterMetrics.CalinskiHarabasz(data, labels);
                db = ClusterMetrics.DaviesBouldin(data, labels);
            }

            double gap = double.NaN, gapError = double.NaN;
            if (references.Length > 0 && distinct == k)
            {
                var logs = new double[references.Length];
                for (int b = 0; b < references.Length; b++)
                {
                    IClusteringModel<T> refModel = estimator.Fit(references[b], cancellationToken);
                    logs[b] = Math.Log(Math.Max(ClusterMetrics.Inertia(references[b], refModel.Labels), double.Epsilon));
                }

                double mean = 0;
                foreach (double l in logs)
                {
                    mean += l;
                }

                mean /= logs.Length;
                double variance = 0;
                foreach (double l in logs)
                {
                    variance += (l - mean) * (l - mean);
                }

                gap = mean - Math.Log(Math.Max(inertia, double.Epsilon));
                gapError = Math.Sqrt(variance / logs.Length) * Math.Sqrt(1 + (1.0 / logs.Length));
            }

            scores[i] = new ClusterCountScore(k, inertia, silhouette, ch, db, gap, gapError);
            progress?.Report(new FitProgress("ClusterCount", i + 1, count, silhouette));
        }

        int? elbow = Knee(scores);
        (int recommended, string reason) = Recommend(scores, options.Rule, elbow);
        if (degenerate > 0)
        {
            reason += Invariant($" {degenerate} of {count} fits left a cluster empty (fewer distinct rows than k) and were not scored.");
        }
        return new ClusterCountSelectionResult(scores, options.Rule, recommended, reason, elbow);
    }

    /// <summary>The Kneedle knee of a decreasing convex curve, or null when no point lies above the chord.</summary>
    internal static int? Knee(IReadOnlyList<ClusterCountScore> scores)
    {
        if (scores.Count < 3)
        {
            return null;
        }

        double xMin = scores[0].ClusterCount, xMax = scores[^1].ClusterCount;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (ClusterCountScore s in scores)
        {
            yMin = Math.Min(yMin, s.Inertia);
            yMax = Math.Max(yMax, s.Inertia);
        }

        if (yMax <= yMin)
        {
            return null;
        }

        int? best = null;
        double bestDifference = 0;
        foreach (ClusterCountScore s in scores)
        {
            double x = (s.ClusterCount - xMin) / (xMax - xMin);
            double y = 1 - ((s.Inertia - yMin) / (yMax - yMin));
            double difference = y - x;
            if (difference > bestDifference)
            {
                bestDifference = difference;
                best = s.ClusterCount;
            }
        }

        return best;
    }

    private static (int K, string Reason) Recommend(ClusterCountScore[] scores, SelectionRule rule, int? elbow)
    {
        string range = $"k = {scores[0].ClusterCount}..{scores[^1].ClusterCount}";
        switch (rule)
        {
            case SelectionRule.CalinskiHarabasz:
                {
                    ClusterCountScore best = ArgBest(scores, s => s.CalinskiHarabasz, maximise: true);
                    return (best.ClusterCount, Invariant($"Rule CalinskiHarabasz: k = {best.ClusterCount} has the highest Calinski-Harabasz index ({best.CalinskiHarabasz:G6}) over {range}."));
                }

            case SelectionRule.DaviesBouldin:
                {
                    ClusterCountScore best = ArgBest(scores, s => s.DaviesBouldin, maximise: false);
                    return (best.ClusterCount, Invariant($"Rule DaviesBouldin: k = {best.ClusterCount} has the lowest Davies-Bouldin index ({best.DaviesBouldin:F4}) over {range}."));
                }

            case SelectionRule.Elbow when elbow is int knee:
                return (knee, Invariant($"Rule Elbow: k = {knee} is the knee of the inertia curve (Kneedle) over {range}."));

            case SelectionRule.Gap when !double.IsNaN(scores[0].Gap):
                {
                    for (int i = 0; i + 1 < scores.Length; i++)
                    {
                        if (scores[i].Gap >= scores[i + 1].Gap - scores[i + 1].GapStandardError)
                        {
                            return (scores[i].ClusterCount, Invariant($"Rule Gap: k = {scores[i].ClusterCount} is the smallest k with Gap(k) = {scores[i].Gap:F4} >= Gap(k+1) - s(k+1) = {scores[i + 1].Gap - scores[i + 1].GapStandardError:F4}."));
                        }
                    }

                    ClusterCountScore best = ArgBest(scores, s => s.Gap, maximise: true);
                    return (best.ClusterCount, Invariant($"Rule Gap: no k satisfies Gap(k) >= Gap(k+1) - s(k+1) over {range}; k = {best.ClusterCount} has the largest gap ({best.Gap:F4})."));
                }

            default:
                {
                    ClusterCountScore best = ArgBest(scores, s => s.Silhouette, maximise: true);
                    string prefix = rule switch
                    {
                        SelectionRule.Elbow => "Rule Elbow found no knee in the inertia curve, so the silhouette decided: ",
                        SelectionRule.Gap => "Rule Gap had no gap statistic (GapReferenceCount = 0), so the silhouette decided: ",
                        _ => "Rule Silhouette: ",
                    };
                    return (best.ClusterCount, prefix + Invariant($"k = {best.ClusterCount} has the highest mean silhouette ({best.Silhouette:F4}) over {range}."));
                }
        }
    }

    private static ClusterCountScore ArgBest(ClusterCountScore[] scores, Func<ClusterCountScore, double> value, bool maximise)
    {
        ClusterCountScore? best = null;
        foreach (ClusterCountScore s in scores)
        {
            double v = value(s);
            if (double.IsNaN(v))
            {
                continue;
            }

            if (best is null || (maximise ? v > value(best) : v < value(best)))
            {
                best = s;
            }
        }

        return best ?? throw new ArgumentException(
            Invariant($"No cluster count in k = {scores[0].ClusterCount}..{scores[^1].ClusterCount} has a defined score: every fit left a cluster empty or found a single cluster, because the data has too few distinct rows. Lower MaxClusterCount, or check the data (identical rows cannot be clustered)."),
            "data");
    }

    private static FeatureMatrix<T>[] UniformReferences<T>(FeatureMatrix<T> data, int count, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.RowCount, d = data.ColumnCount;
        var min = new double[d];
        var max = new double[d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        ReadOnlySpan<T> x = data.AsSpan();
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            int j = i % d;
            min[j] = Math.Min(min[j], v);
            max[j] = Math.Max(max[j], v);
        }

        var rng = new Random(seed);
        var result = new FeatureMatrix<T>[count];
        for (int b = 0; b < count; b++)
        {
            var values = new T[n * d];
            for (int i = 0; i < values.Length; i++)
            {
                int j = i % d;
                values[i] = T.CreateTruncating(min[j] + (rng.NextDouble() * (max[j] - min[j])));
            }

            result[b] = FeatureMatrix<T>.FromOwnedArray(values, n, d, data.ColumnNames);
        }

        return result;
    }

    private static void Validate(ClusterCountSelectionOptions options, int rows)
    {
        if (options.MinClusterCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options.MinClusterCount), options.MinClusterCount, $"MinClusterCount must be at least 2, but was {options.MinClusterCount}.");
        }

        if (options.MaxClusterCount < options.MinClusterCount || options.MaxClusterCount > rows - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options.MaxClusterCount), options.MaxClusterCount, $"MaxClusterCount must be between MinClusterCount ({options.MinClusterCount}) and the row count - 1 ({rows - 1}), but was {options.MaxClusterCount}.");
        }

        if (options.GapReferenceCount < 0 || options.GapReferenceCount > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(options.GapReferenceCount), options.GapReferenceCount, $"GapReferenceCount must be between 0 and 1000, but was {options.GapReferenceCount}.");
        }

        if (options.SilhouetteSampleSize is int m && m < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options.SilhouetteSampleSize), m, $"SilhouetteSampleSize must be null or at least 2, but was {m}.");
        }

        if (!Enum.IsDefined(options.Rule))
        {
            throw new ArgumentOutOfRangeException(nameof(options.Rule), options.Rule, "Rule must be Silhouette, CalinskiHarabasz, DaviesBouldin, Elbow or Gap.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
