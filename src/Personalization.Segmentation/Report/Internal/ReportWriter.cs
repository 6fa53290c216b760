using System.Collections.Immutable;
using Personalization.Clustering;
using Personalization.Monitoring;
using static Personalization.Segmentation.Report.Internal.HtmlFormat;

namespace Personalization.Segmentation.Report.Internal;

/// <summary>Writes the HTML page of <see cref="SegmentationReport"/>: a header, then one section per view. Lines end in '\n' on every platform.</summary>
internal sealed partial class ReportWriter
{
    private const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f4f5f7; color: #1d2330; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 0 0 8px; }
        section { background: #ffffff; border: 1px solid #d9dde5; border-radius: 6px; padding: 16px 20px; margin: 0 0 20px; }
        p.lead { color: #4a5263; margin: 0 0 16px; }
        p.note { color: #5b6375; margin: 8px 0 0; font-size: 13px; }
        ul.warnings { background: #fff6e0; border: 1px solid #f0c36d; border-radius: 4px; padding: 8px 8px 8px 28px; }
        table { border-collapse: collapse; width: 100%; margin-top: 8px; font-size: 13px; }
        th, td { border-bottom: 1px solid #e3e6ec; padding: 5px 8px; text-align: left; vertical-align: top; }
        th { background: #eef0f4; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.chosen td { background: #eaf2fb; font-weight: 600; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .bar { background: #e8ebf0; width: 120px; height: 10px; border-radius: 2px; display: inline-block; vertical-align: middle; margin-left: 6px; }
        .bar span { display: block; height: 10px; border-radius: 2px; }
        .level-Stable { color: #2f7d32; }
        .level-Moderate { color: #b26a00; font-weight: 600; }
        .level-Significant { color: #b3261e; font-weight: 700; }
        svg { display: block; max-width: 100%; height: auto; }
        svg text { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; fill: #1d2330; }
        """;

    private readonly TextWriter _out;
    private readonly SegmentationModel _model;
    private readonly SegmentAssignment _assigned;
    private readonly FeatureMatrix<double> _scaled;
    private readonly DriftReport? _drift;
    private readonly SegmentationReportOptions _options;

    public ReportWriter(TextWriter output, SegmentationModel model, SegmentAssignment assigned, FeatureMatrix<double> scaled, DriftReport? drift, SegmentationReportOptions options)
    {
        _out = output;
        _model = model;
        _assigned = assigned;
        _scaled = scaled;
        _drift = drift;
        _options = options;
    }

    public void Write()
    {
        Line("<!DOCTYPE html>");
        Line("<html lang=\"en\">");
        Line("<head>");
        Line("<meta charset=\"utf-8\">");
        Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        Line("<meta name=\"generator\" content=\"Personalization.Segmentation SegmentationReport\">");
        Line($"<title>{Escape(_options.Title)}</title>");
        Line("<style>");
        Line(Css);
        Line("</style>");
        Line("</head>");
        Line("<body>");
        Line("<main>");
        WriteHeader();
        WriteAudience();
        WriteChooseK();
        WriteScatter();
        WriteHeatMap();
        WriteDrift();
        Line("</main>");
        Line("</body>");
        Line("</html>");
    }

    private void Line(string text)
    {
        _out.Write(text);
        _out.Write('\n');
    }

    private void WriteHeader()
    {
        SegmentationPipelineOptions o = _model.Options;
        Line("<header>");
        Line($"<h1>{Escape(_options.Title)}</h1>");
        Line($"<p class=\"lead\">{Integer(_model.SegmentCount)} segments fitted on {Count(_model.TrainingCustomerCount)} customers "
            + $"({Count(_model.DroppedCustomerCount)} dropped by cleaning); this report shows {Count(_assigned.Segments.Length)} customers "
            + $"({Count(_assigned.DroppedCustomerCount)} left out: no purchase in the window or a non-finite feature). "
            + $"Features: {Escape(string.Join(", ", _model.FeatureNames))}; log1p on {Escape(o.LogColumns.Count == 0 ? "none" : string.Join(", ", o.LogColumns))}; "
            + $"{Escape(o.Scaler.ToString())} scaling; seed {Integer(o.Seed)}.</p>");
        Line("</header>");
        if (!_model.Warnings.IsEmpty)
        {
            Line("<ul class=\"warnings\">");
            foreach (string warning in _model.Warnings)
            {
                Line($"<li>{Escape(warning)}</li>");
            }

            Line("</ul>");
        }
    }

    private void WriteAudience()
    {
        int[] counts = new int[_model.SegmentCount];
        foreach (int s in _assigned.Segments)
        {
            counts[s]++;
        }

        int shown = _assigned.Segments.Length;
        Line("<section id=\"audience\">");
        Line("<h2>Audience summary</h2>");
        Line("<p class=\"note\">Segment sizes in training and among the customers of this report, each segment's persona and its promotion playbook entry.</p>");
        Line("<table>");
        Line("<thead><tr><th>Segment</th><th>Persona</th><th class=\"num\">Training customers</th><th>Share</th>"
            + "<th class=\"num\">Customers here</th><th>Offer</th><th>Channel</th><th>Cadence</th></tr></thead>");
        Line("<tbody>");
        foreach (SegmentSummary s in _model.Segments)
        {
            string color = SegmentColors.Of(s.Segment);
            double here = shown == 0 ? 0 : counts[s.Segment] / (double)shown;
            Line($"<tr><td><span class=\"swatch\" style=\"background:{color}\"></span>{Integer(s.Segment)}</td>"
                + $"<td>{Escape(s.Persona)}</td>"
                + $"<td class=\"num\">{Count(s.Customers)}</td>"
                + $"<td>{Percent(s.Share)}<span class=\"bar\"><span style=\"width:{Coordinate(Math.Clamp(s.Share, 0, 1) * 100)}%;background:{color}\"></span></span></td>"
                + $"<td class=\"num\">{Count(counts[s.Segment])} ({Percent(here)})</td>"
                + $"<td>{Escape(s.RecommendedOffer)}</td><td>{Escape(s.Play.Channel)}</td><td>{Escape(s.Play.Cadence)}</td></tr>");
        }

        Line("</tbody>");
        Line("</table>");
        Line("</section>");
    }

    private void WriteChooseK()
    {
        ImmutableArray<ClusterCountScore> scores = _model.Scores;
        Line("<section id=\"choose-k\">");
        Line("<h2>Choosing k</h2>");
        if (_model.Options.ClusterCount is int fixedK)
        {
            Line($"<p class=\"note\">k was fixed at {Integer(fixedK)}; the table scores that one fit.</p>");
        }
        else
        {
            Line($"<p class=\"note\">K-Means for each candidate k in {Integer(scores.Min(s => s.ClusterCount))}..{Integer(scores.Max(s => s.ClusterCount))}, "
                + $"k chosen by {Escape(_model.Options.SelectionRule.ToString())}. Higher silhouette and Calinski-Harabasz and lower Davies-Bouldin are better; "
                + "the inertia always falls as k grows, its knee is the elbow.</p>");
        }

        if (scores.Length > 1)
        {
            WriteChooseKChart(scores);
        }

        Line("<table>");
        Line("<thead><tr><th class=\"num\">k</th><th class=\"num\">Inertia</th><th class=\"num\">Silhouette</th><th class=\"num\">Calinski-Harabasz</th><th class=\"num\">Davies-Bouldin</th><th></th></tr></thead>");
        Line("<tbody>");
        foreach (ClusterCountScore s in scores)
        {
            bool chosen = s.ClusterCount == _model.SegmentCount;
            string mark = chosen ? "chosen" : s.ClusterCount == _model.ElbowClusterCount ? "elbow" : string.Empty;
            Line($"<tr{(chosen ? " class=\"chosen\"" : string.Empty)}><td class=\"num\">{Integer(s.ClusterCount)}</td><td class=\"num\">{Number(s.Inertia, 1)}</td>"
                + $"<td class=\"num\">{Number(s.Silhouette)}</td><td class=\"num\">{Number(s.CalinskiHarabasz, 1)}</td><td class=\"num\">{Number(s.DaviesBouldin)}</td><td>{mark}</td></tr>");
        }

        Line("</tbody>");
        Line("</table>");
        if (_model.ChooseKReason is { } reason)
        {
            Line($"<p class=\"note\">{Escape(reason)}</p>");
        }

        Line("</section>");
    }

    private void WriteDrift()
    {
        Line("<section id=\"drift\">");
        Line("<h2>Drift</h2>");
        if (_drift is null)
        {
            Line("<p class=\"note\">No drift input. Pass a <code>DriftReport</code> (Personalization.Monitoring) computed between a reference and a current window to see each feature's population stability index, Kolmogorov-Smirnov statistic and mean shift here.</p>");
            Line("</section>");
            return;
        }

        DriftReport d = _drift;
        Line($"<p class=\"note\">Reference {Escape(d.ReferenceName)} ({Count(d.ReferenceRowCount)} customers) against current {Escape(d.CurrentName)} ({Count(d.CurrentRowCount)} customers). "
            + $"Verdict: <span class=\"level-{d.Verdict}\">{d.Verdict}</span> (features {d.FeatureVerdict}"
            + (d.SegmentVerdict is DriftLevel segmentLevel ? $", segments {segmentLevel}" : string.Empty) + ").</p>");
        Line("<table>");
        Line("<thead><tr><th>Feature</th><th class=\"num\">PSI</th><th class=\"num\">KS D</th><th class=\"num\">KS p-value</th><th class=\"num\">Reference mean</th>"
            + "<th class=\"num\">Current mean</th><th class=\"num\">Mean shift (SD)</th><th class=\"num\">SD ratio</th><th>Level</th></tr></thead>");
        Line("<tbody>");
        foreach (FeatureDriftResult f in d.Features)
        {
            Line($"<tr><td>{Escape(f.Feature)}</td><td class=\"num\">{Number(f.Psi.Index)}</td><td class=\"num\">{Number(f.KolmogorovSmirnov.Statistic)}</td>"
                + $"<td class=\"num\">{PValue(f.KolmogorovSmirnov.PValue)}</td><td class=\"num\">{Number(f.ReferenceMean, 2)}</td><td class=\"num\">{Number(f.CurrentMean, 2)}</td>"
                + $"<td class=\"num\">{Signed(f.MeanShift)}</td><td class=\"num\">{Number(f.StandardDeviationRatio, 2)}</td><td class=\"level-{f.Level}\">{f.Level}</td></tr>");
        }

        Line("</tbody>");
        Line("</table>");
        if (d.Segments is { } refresh)
        {
            SegmentShareComparison shares = refresh.Shares;
            Line($"<p class=\"note\">Segment shares (PSI {Number(shares.Psi)}; {Escape(shares.ChiSquare.TestName)} p = {PValue(shares.ChiSquare.PValue)}).</p>");
            Line("<table>");
            Line("<thead><tr><th>Segment</th><th class=\"num\">Reference share</th><th class=\"num\">Current share</th></tr></thead>");
            Line("<tbody>");
            for (int s = 0; s < shares.ReferenceShares.Count; s++)
            {
                Line($"<tr><td>{Integer(s)}</td><td class=\"num\">{Percent(shares.ReferenceShares[s])}</td><td class=\"num\">{Percent(shares.CurrentShares[s])}</td></tr>");
            }

            Line("</tbody>");
            Line("</table>");
        }

        Line("</section>");
    }
}
