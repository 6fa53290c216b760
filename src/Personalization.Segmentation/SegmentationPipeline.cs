using System.Collections.Immutable;
using System.Globalization;
using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Segmentation;

/// <summary>
/// The customer segmentation pipeline as one estimator: clean -> log1p -> scale -> choose k -> K-Means ->
/// profiles, personas and playbook, fitted into one <see cref="SegmentationModel"/>.
/// </summary>
/// <remarks>
/// <para>Usage: <c>SegmentationModel model = new SegmentationPipeline().Fit(transactions);</c> then
/// <c>model.Assign(newCustomers)</c>. <c>docs/segmentation.md</c> describes each step and its defaults.</para>
/// <para>Cleaning drops the customers that cannot be segmented: a non-finite feature, or (when the columns are used)
/// a frequency below 1 or a monetary value of 0 or less, that is no purchase in the window. They are counted in
/// <see cref="SegmentationModel.DroppedCustomerCount"/>, never silently lost.</para>
/// <para>The estimator is stateless and thread-safe; fitting twice with the same data and options gives an identical model,
/// for any degree of parallelism.</para>
/// </remarks>
public sealed class SegmentationPipeline
{
    private readonly IProgress<FitProgress>? _progress;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives the stages (choosing k, each K-Means restart), or <see langword="null"/>.</param>
    public SegmentationPipeline(SegmentationPipelineOptions? options = null, IProgress<FitProgress>? progress = null)
    {
        Options = options ?? new SegmentationPipelineOptions();
        _progress = progress;
    }

    /// <summary>Gets the options.</summary>
    public SegmentationPipelineOptions Options { get; }

    /// <summary>Computes the features of <paramref name="transactions"/> (only <see cref="SegmentationPipelineOptions.Columns"/>)
    /// and fits the pipeline on them.</summary>
    /// <param name="transactions">The transactions, enumerated once.</param>
    /// <param name="features">The feature options (window, as-of date, categories); their <c>Columns</c> are replaced by the pipeline's. <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="SegmentationPipelineOptions.Validate"/>) or a transaction is malformed.</exception>
    /// <exception cref="InvalidDataException">Fewer than two customers remain after cleaning, or the customers have fewer distinct profiles than segments.</exception>
    public SegmentationModel Fit(IEnumerable<Transaction> transactions, CustomerFeatureOptions? features = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        Options.Validate();
        var extractor = new CustomerFeatureExtractor((features ?? new CustomerFeatureOptions()) with { Columns = Options.Columns });
        return Fit(extractor.Extract(transactions, cancellationToken), _progress, cancellationToken);
    }

    /// <summary>Fits the pipeline on a matrix of raw customer features.</summary>
    /// <param name="features">One row per customer holding at least the <see cref="SegmentationPipelineOptions.Columns"/> (by name; other columns are ignored). Row ids, when present, are the customer ids.</param>
    /// <param name="progress">Receives the stages, or <see langword="null"/> to use the constructor's.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or <paramref name="features"/> lacks one of the columns.</exception>
    /// <exception cref="InvalidDataException">Fewer than two customers remain after cleaning, or the customers have fewer distinct profiles than segments.</exception>
    public SegmentationModel Fit(FeatureMatrix<double> features, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        Options.Validate();
        progress ??= _progress;
        FeatureMatrix<double> selected = SegmentationCleaning.SelectColumns(features, Options.Columns, nameof(features));
        FeatureMatrix<double> raw = SegmentationCleaning.Clean(selected);
        int dropped = selected.RowCount - raw.RowCount;
        if (raw.RowCount < 2)
        {
            throw new InvalidDataException($"Only {raw.RowCount} of {selected.RowCount} customer(s) remain after cleaning (a purchase in the window and finite features); segmentation needs at least 2.");
        }

        PreprocessingModel preprocessing = new PreprocessingPipeline(new PreprocessingPipelineOptions
        {
            Imputer = null,
            Log1p = Options.LogColumns.Count > 0 ? new Log1pTransformOptions { Columns = Options.LogColumns } : null,
            Scaler = Options.Scaler,
        }).Fit(raw, cancellationToken);
        FeatureMatrix<double> scaled = preprocessing.Transform(raw);
        int distinct = SegmentationCleaning.DistinctRows(scaled, Math.Max(Options.MaxClusterCount, Options.ClusterCount ?? 0) + 1);
        if (distinct < 2)
        {
            throw new InvalidDataException($"All {scaled.RowCount:N0} customers with a purchase have identical features ({string.Join(", ", raw.ColumnNames)}); there is nothing to segment.");
        }

        var warnings = ImmutableArray.CreateBuilder<string>();
        ClusterCountSelectionResult? selection = null;
        int k;
        if (Options.ClusterCount is int fixedK)
        {
            k = fixedK;
        }
        else
        {
            int maxK = Math.Min(Options.MaxClusterCount, scaled.RowCount - 1);
            int minK = Math.Min(Options.MinClusterCount, maxK);
            if (maxK < 2)
            {
                throw new InvalidDataException($"Choosing k needs at least 3 customers with a purchase, but only {scaled.RowCount} remain; set ClusterCount to segment anyway.");
            }

            if (maxK > distinct)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the customers have only {distinct} distinct feature profiles, so k was chosen among {Math.Min(minK, distinct)}..{distinct} instead of {minK}..{maxK}."));
                maxK = distinct;
                minK = Math.Min(minK, maxK);
            }

            progress?.Report(new FitProgress("choose-k", 0, maxK - minK + 1, double.NaN));
            selection = ClusterCountSelection.Evaluate(
                new KMeans(new KMeansOptions { ClusterCount = minK, Seed = Options.Seed, Restarts = Options.SelectionRestarts }),
                scaled,
                new ClusterCountSelectionOptions
                {
                    MinClusterCount = minK,
                    MaxClusterCount = maxK,
                    Rule = Options.SelectionRule,
                    GapReferenceCount = 0,
                    SilhouetteSampleSize = scaled.RowCount > Options.SilhouetteSampleSize ? Options.SilhouetteSampleSize : null,
                    Seed = Options.Seed,
                },
                cancellationToken);
            k = selection.RecommendedClusterCount;
            progress?.Report(new FitProgress("choose-k", maxK - minK + 1, maxK - minK + 1, k));
        }

        if (k > scaled.RowCount || k > distinct)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"k = {k} segments asked for, but the {scaled.RowCount:N0} customers have only {distinct} distinct feature profiles; use k = {Math.Min(scaled.RowCount, distinct)} or fewer."));
        }

        KMeansModel<double> kMeans = new KMeans(new KMeansOptions { ClusterCount = k, Seed = Options.Seed, Restarts = Options.Restarts }, progress).Fit(scaled, cancellationToken);
        if (kMeans.IsDegenerate)
        {
            throw new InvalidDataException($"K-Means with k = {k} left {kMeans.ClusterCount - kMeans.DistinctClusterCount} segment(s) empty ({distinct} distinct customer profiles); use k = {kMeans.DistinctClusterCount} or fewer.");
        }

        ImmutableArray<ClusterCountScore> scores = selection is null
            ? [SegmentationCleaning.Score(scaled, kMeans, Options.SilhouetteSampleSize, Options.Seed)]
            : [.. selection.Scores];
        ImmutableArray<SegmentSummary> segments = Profile(raw, preprocessing, kMeans);
        return new SegmentationModel(Options, preprocessing, kMeans, segments, scores, selection?.Reason, selection?.ElbowClusterCount, warnings.ToImmutable(), raw.RowCount, dropped);
    }

    /// <summary>
    /// Means come from the raw features (days, orders, money). Personas are named from the log-transformed features,
    /// the space K-Means saw, so a few heavy tails do not hide every other difference.
    /// </summary>
    private ImmutableArray<SegmentSummary> Profile(FeatureMatrix<double> raw, PreprocessingModel preprocessing, KMeansModel<double> model)
    {
        FeatureMatrix<double> logged = preprocessing.Log1p is { } log ? log.Transform(raw) : raw;
        var options = new SegmentProfileOptions { RevenueColumn = Options.RevenueColumn };
        SegmentProfileTable rawProfiles = SegmentProfiler.Profile(raw, model.Labels, options: options);
        SegmentProfileTable namingProfiles = SegmentProfiler.Profile(logged, model.Labels, options: options);
        IReadOnlyList<Persona> personas = PersonaBuilder.Build(namingProfiles, Options.Personas);
        var result = ImmutableArray.CreateBuilder<SegmentSummary>(model.ClusterCount);
        for (int s = 0; s < model.ClusterCount; s++)
        {
            SegmentProfile rawSegment = rawProfiles.Segments.Single(p => p.Segment == s);
            SegmentProfile namingSegment = namingProfiles.Segments.Single(p => p.Segment == s);
            Persona persona = personas.Single(p => p.Segment == s);
            PromotionPlaybookEntry play = persona.Playbook with
            {
                CategoryFocus = Options.CategoryFocus.GetValueOrDefault(persona.Playbook.CategoryFocus, persona.Playbook.CategoryFocus),
            };
            result.Add(new SegmentSummary(
                s,
                persona.Name,
                [.. persona.Traits],
                rawSegment.Size,
                rawSegment.Share,
                rawSegment.Features.ToImmutableDictionary(f => f.Feature, f => f.Mean, StringComparer.Ordinal),
                namingSegment.Features.ToImmutableDictionary(f => f.Feature, f => f.DifferenceInStandardDeviations, StringComparer.Ordinal),
                play));
        }

        return result.MoveToImmutable();
    }
}
