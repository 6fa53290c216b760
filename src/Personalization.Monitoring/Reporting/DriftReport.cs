using System.Globalization;
using System.Text;
using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Monitoring;

/// <summary>
/// A drift report between a reference and a current window: per-feature PSI, KS and mean shift,
/// optionally the segment drift of a refresh, a summary verdict, and JSON and text renderings.
/// </summary>
/// <remarks>
/// One call: <c>DriftReport.Compute(reference, current, options).ToTable()</c>. Immutable and
/// thread-safe.
/// </remarks>
public sealed class DriftReport
{
    private DriftReport(string referenceName, string currentName, int referenceRows, int currentRows, DriftOptions options, IReadOnlyList<FeatureDriftResult> features, SegmentRefreshResult? segments)
    {
        ReferenceName = referenceName;
        CurrentName = currentName;
        ReferenceRowCount = referenceRows;
        CurrentRowCount = currentRows;
        Options = options;
        Features = features;
        Segments = segments;
        FeatureVerdict = FeatureDrift.Verdict(features);
        SegmentVerdict = segments is null ? null : ClassifySegments(segments, options);
        Verdict = SegmentVerdict is { } s && s > FeatureVerdict ? s : FeatureVerdict;
    }

    /// <summary>Gets the name of the reference window (for example "2010-12-01..2011-05-31").</summary>
    public string ReferenceName { get; }

    /// <summary>Gets the name of the current window.</summary>
    public string CurrentName { get; }

    /// <summary>Gets the number of reference rows (customers).</summary>
    public int ReferenceRowCount { get; }

    /// <summary>Gets the number of current rows (customers).</summary>
    public int CurrentRowCount { get; }

    /// <summary>Gets the binning and thresholds used.</summary>
    public DriftOptions Options { get; }

    /// <summary>Gets the drift of each feature, in column order.</summary>
    public IReadOnlyList<FeatureDriftResult> Features { get; }

    /// <summary>Gets the segment refresh the report covers, or <see langword="null"/>.</summary>
    public SegmentRefreshResult? Segments { get; }

    /// <summary>Gets the worst feature level.</summary>
    public DriftLevel FeatureVerdict { get; }

    /// <summary>Gets the segment level, or <see langword="null"/> without segments: the worse of the share-PSI level and the changed-share level (see <see cref="DriftOptions"/>).</summary>
    public DriftLevel? SegmentVerdict { get; }

    /// <summary>Gets the summary verdict: the worse of <see cref="FeatureVerdict"/> and <see cref="SegmentVerdict"/>.</summary>
    public DriftLevel Verdict { get; }

    /// <summary>Computes the report.</summary>
    /// <param name="reference">The reference window, one row per customer.</param>
    /// <param name="current">The current window, with the same columns in the same order.</param>
    /// <param name="options">Binning and thresholds; <see langword="null"/> uses the defaults.</param>
    /// <param name="segments">An optional refresh of the segmentation on the current window (see <see cref="SegmentRefresh"/>).</param>
    /// <param name="referenceName">A name for the reference window.</param>
    /// <param name="currentName">A name for the current window.</param>
    /// <returns>The report.</returns>
    /// <remarks>Features per <see cref="FeatureDrift.Compute"/>; levels and verdict per <see cref="DriftOptions"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/>, <paramref name="current"/> or a name is null.</exception>
    /// <exception cref="ArgumentException">A window is empty or not finite, or the columns differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public static DriftReport Compute(FeatureMatrix<double> reference, FeatureMatrix<double> current, DriftOptions? options = null, SegmentRefreshResult? segments = null, string referenceName = "reference", string currentName = "current")
    {
        ArgumentNullException.ThrowIfNull(referenceName);
        ArgumentNullException.ThrowIfNull(currentName);
        options ??= new DriftOptions();
        IReadOnlyList<FeatureDriftResult> features = FeatureDrift.Compute(reference, current, options);
        return new DriftReport(referenceName, currentName, reference.RowCount, current.RowCount, options, features, segments);
    }

    /// <summary>Renders the report as indented JSON (non-finite numbers as the strings "NaN", "Infinity", "-Infinity").</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("verdict", Verdict.ToString());
            w.WriteString("featureVerdict", FeatureVerdict.ToString());
            if (SegmentVerdict is { } sv)
            {
                w.WriteString("segmentVerdict", sv.ToString());
            }

            w.WriteStartObject("reference");
            w.WriteString("name", ReferenceName);
            w.WriteNumber("rows", ReferenceRowCount);
            w.WriteEndObject();
            w.WriteStartObject("current");
            w.WriteString("name", CurrentName);
            w.WriteNumber("rows", CurrentRowCount);
            w.WriteEndObject();

            w.WriteStartObject("thresholds");
            w.WriteNumber("binCount", Options.BinCount);
            ModelJson.WriteDouble(w, "epsilon", Options.Epsilon);
            ModelJson.WriteDouble(w, "psiModerate", Options.PsiModerate);
            ModelJson.WriteDouble(w, "psiSignificant", Options.PsiSignificant);
            ModelJson.WriteDouble(w, "meanShiftModerate", Options.MeanShiftModerate);
            ModelJson.WriteDouble(w, "meanShiftSignificant", Options.MeanShiftSignificant);
            ModelJson.WriteDouble(w, "ksAlpha", Options.KsAlpha);
            ModelJson.WriteDouble(w, "ksMinimumStatistic", Options.KsMinimumStatistic);
            ModelJson.WriteDouble(w, "changedShareModerate", Options.ChangedShareModerate);
            ModelJson.WriteDouble(w, "changedShareSignificant", Options.ChangedShareSignificant);
            w.WriteEndObject();

            w.WriteStartArray("features");
            foreach (FeatureDriftResult f in Features)
            {
                w.WriteStartObject();
                w.WriteString("feature", f.Feature);
                w.WriteString("level", f.Level.ToString());
                ModelJson.WriteDouble(w, "psi", f.Psi.Index);
                w.WriteStartObject("ks");
                ModelJson.WriteDouble(w, "statistic", f.KolmogorovSmirnov.Statistic);
                ModelJson.WriteDouble(w, "pValue", f.KolmogorovSmirnov.PValue);
                w.WriteNumber("effectiveSampleSize", f.KolmogorovSmirnov.EffectiveSampleSize);
                ModelJson.WriteDouble(w, "location", f.KolmogorovSmirnov.Location);
                w.WriteEndObject();
                ModelJson.WriteDouble(w, "referenceMean", f.ReferenceMean);
                ModelJson.WriteDouble(w, "currentMean", f.CurrentMean);
                ModelJson.WriteDouble(w, "referenceStandardDeviation", f.ReferenceStandardDeviation);
                ModelJson.WriteDouble(w, "currentStandardDeviation", f.CurrentStandardDeviation);
                ModelJson.WriteDouble(w, "meanShift", f.MeanShift);
                ModelJson.WriteDouble(w, "standardDeviationRatio", f.StandardDeviationRatio);
                w.WriteStartObject("bins");
                WriteDoubles(w, "edges", f.Psi.Edges);
                WriteDoubles(w, "referenceShares", f.Psi.ReferenceShares);
                WriteDoubles(w, "currentShares", f.Psi.CurrentShares);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();

            if (Segments is { } s)
            {
                w.WriteStartObject("segments");
                w.WriteNumber("segmentCount", s.SegmentCount);
                WriteDoubles(w, "referenceShares", s.Shares.ReferenceShares);
                WriteDoubles(w, "currentShares", s.Shares.CurrentShares);
                ModelJson.WriteDouble(w, "sharePsi", s.Shares.Psi);
                w.WriteStartObject("chiSquare");
                ModelJson.WriteDouble(w, "statistic", s.Shares.ChiSquare.Statistic);
                ModelJson.WriteDouble(w, "degreesOfFreedom", s.Shares.ChiSquare.DegreesOfFreedom);
                ModelJson.WriteDouble(w, "pValue", s.Shares.ChiSquare.PValue);
                w.WriteEndObject();
                WriteDoubles(w, "centroidMovement", s.Match.Movement);
                ModelJson.WriteDouble(w, "changedShare", s.Transitions.ChangedShare);
                w.WriteStartArray("transitions");
                for (int i = 0; i < s.Transitions.SegmentCountBefore; i++)
                {
                    w.WriteStartArray();
                    for (int j = 0; j < s.Transitions.SegmentCountAfter; j++)
                    {
                        w.WriteNumberValue(s.Transitions[i, j]);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Renders the report as a fixed-width text table for logs and consoles.</summary>
    /// <returns>The table, lines separated by '\n'.</returns>
    public string ToTable()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"Drift report: {ReferenceName} (n={ReferenceRowCount}) -> {CurrentName} (n={CurrentRowCount}); verdict {Verdict}\n");
        int width = Math.Max(7, MaxNameLength());
        sb.Append("Feature".PadRight(width)).Append("      PSI     KS D       KS p  Mean shift  SD ratio  Level\n");
        foreach (FeatureDriftResult f in Features)
        {
            sb.Append(f.Feature.PadRight(width));
            sb.Append(c, $" {f.Psi.Index,8:F4} {f.KolmogorovSmirnov.Statistic,8:F4} {f.KolmogorovSmirnov.PValue,10:0.00E+00} {f.MeanShift,11:+0.000;-0.000;0.000} {f.StandardDeviationRatio,9:F3}  {f.Level}\n");
        }

        if (Segments is { } s)
        {
            sb.Append(c, $"Segments: share PSI {s.Shares.Psi:F4}, chi-square {s.Shares.ChiSquare.Statistic:F2} (df {s.Shares.ChiSquare.DegreesOfFreedom}, p {s.Shares.ChiSquare.PValue:0.00E+00}), changed segment {s.Transitions.ChangedShare:P1}; level {SegmentVerdict}\n");
            sb.Append("Segment  Then share  Now share  Centroid moved\n");
            for (int i = 0; i < s.SegmentCount; i++)
            {
                sb.Append(c, $"{i,7}  {s.Shares.ReferenceShares[i],10:P1}  {s.Shares.CurrentShares[i],9:P1}  {s.Match.Movement[i],14:F4}\n");
            }
        }

        return sb.ToString();
    }

    private static DriftLevel ClassifySegments(SegmentRefreshResult s, DriftOptions o)
    {
        double psi = s.Shares.Psi;
        double changed = s.Transitions.ChangedShare;
        if (psi >= o.PsiSignificant || changed >= o.ChangedShareSignificant)
        {
            return DriftLevel.Significant;
        }

        return psi >= o.PsiModerate || changed >= o.ChangedShareModerate ? DriftLevel.Moderate : DriftLevel.Stable;
    }

    private static void WriteDoubles(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            ModelJson.WriteDoubleValue(w, v);
        }

        w.WriteEndArray();
    }

    private int MaxNameLength()
    {
        int max = 0;
        foreach (FeatureDriftResult f in Features)
        {
            max = Math.Max(max, f.Feature.Length);
        }

        return max;
    }
}
