using System.Collections.Immutable;
using Personalization.Clustering;
using Personalization.Internal;
using static Personalization.Segmentation.Report.Internal.HtmlFormat;

namespace Personalization.Segmentation.Report.Internal;

/// <content>The inline SVG charts: the choose-k curves, the principal-component scatter and the profile heat map.</content>
internal sealed partial class ReportWriter
{
    private const string Axis = "#8a93a6";
    private const string Grid = "#e3e6ec";
    private const string Negative = "#2166ac";
    private const string Positive = "#b2182b";

    /// <summary>The standardized difference at which the heat map's colour saturates.</summary>
    private const double HeatSaturation = 2.0;

    private void WriteChooseKChart(ImmutableArray<ClusterCountScore> scores)
    {
        const int panelWidth = 540;
        const int panelHeight = 250;
        int[] ks = [.. scores.Select(s => s.ClusterCount)];
        Line($"<svg id=\"choose-k-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{2 * panelWidth}\" height=\"{2 * panelHeight}\" viewBox=\"0 0 {2 * panelWidth} {2 * panelHeight}\" role=\"img\" aria-label=\"Choose-k curves\">");
        Line($"<rect width=\"{2 * panelWidth}\" height=\"{2 * panelHeight}\" fill=\"#ffffff\"/>");
        Panel(0, 0, "Inertia (lower is tighter)", ks, [.. scores.Select(s => s.Inertia)], "#4e79a7");
        Panel(panelWidth, 0, "Silhouette (higher is better)", ks, [.. scores.Select(s => s.Silhouette)], "#e15759");
        Panel(0, panelHeight, "Calinski-Harabasz (higher is better)", ks, [.. scores.Select(s => s.CalinskiHarabasz)], "#59a14f");
        Panel(panelWidth, panelHeight, "Davies-Bouldin (lower is better)", ks, [.. scores.Select(s => s.DaviesBouldin)], "#b07aa1");
        Line("</svg>");

        void Panel(double x0, double y0, string title, int[] k, double[] values, string color)
        {
            const double left = 70;
            const double right = 20;
            const double top = 30;
            const double bottom = 40;
            double plotWidth = panelWidth - left - right;
            double plotHeight = panelHeight - top - bottom;
            Line($"<g transform=\"translate({Coordinate(x0)},{Coordinate(y0)})\">");
            Line($"<text x=\"{Coordinate(left)}\" y=\"18\" font-size=\"14\" font-weight=\"600\">{Escape(title)}</text>");
            double min = double.PositiveInfinity;
            double max = double.NegativeInfinity;
            foreach (double v in values)
            {
                if (double.IsFinite(v))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
            }

            if (!double.IsFinite(min))
            {
                Line($"<text x=\"{Coordinate(left)}\" y=\"{Coordinate(top + (plotHeight / 2))}\" font-size=\"13\">no finite values</text>");
                Line("</g>");
                return;
            }

            (min, max) = Padded(min, max);
            int kMin = k.Min();
            int kMax = k.Max();
            double X(int kk) => left + (kMax == kMin ? plotWidth / 2 : (kk - kMin) * plotWidth / (kMax - kMin));
            double Y(double v) => top + plotHeight - ((v - min) / (max - min) * plotHeight);
            for (int t = 0; t <= 4; t++)
            {
                double v = min + ((max - min) * t / 4);
                string y = Coordinate(Y(v));
                Line($"<line x1=\"{Coordinate(left)}\" y1=\"{y}\" x2=\"{Coordinate(left + plotWidth)}\" y2=\"{y}\" stroke=\"{Grid}\"/>");
                Line($"<text x=\"{Coordinate(left - 6)}\" y=\"{y}\" dy=\"4\" font-size=\"11\" text-anchor=\"end\">{Escape(Number(v, 2))}</text>");
            }

            Line($"<line x1=\"{Coordinate(left)}\" y1=\"{Coordinate(top + plotHeight)}\" x2=\"{Coordinate(left + plotWidth)}\" y2=\"{Coordinate(top + plotHeight)}\" stroke=\"{Axis}\"/>");
            foreach (int kk in k)
            {
                Line($"<text x=\"{Coordinate(X(kk))}\" y=\"{Coordinate(top + plotHeight + 16)}\" font-size=\"11\" text-anchor=\"middle\">{Integer(kk)}</text>");
            }

            Line($"<text x=\"{Coordinate(left + (plotWidth / 2))}\" y=\"{Coordinate(panelHeight - 6)}\" font-size=\"12\" text-anchor=\"middle\">k (segments)</text>");
            Marker(_model.SegmentCount, "chosen", "#1d2330", "6 3");
            if (_model.ElbowClusterCount is int elbow && elbow != _model.SegmentCount)
            {
                Marker(elbow, "elbow", Axis, "2 3");
            }

            var points = new List<string>();
            for (int i = 0; i < k.Length; i++)
            {
                if (double.IsFinite(values[i]))
                {
                    points.Add($"{Coordinate(X(k[i]))},{Coordinate(Y(values[i]))}");
                }
            }

            Line($"<polyline points=\"{string.Join(" ", points)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\"/>");
            foreach (string p in points)
            {
                int comma = p.IndexOf(',', StringComparison.Ordinal);
                Line($"<circle cx=\"{p[..comma]}\" cy=\"{p[(comma + 1)..]}\" r=\"4\" fill=\"{color}\"/>");
            }

            Line("</g>");

            void Marker(int kk, string label, string stroke, string dash)
            {
                if (kk < kMin || kk > kMax)
                {
                    return;
                }

                string x = Coordinate(X(kk));
                Line($"<line x1=\"{x}\" y1=\"{Coordinate(top)}\" x2=\"{x}\" y2=\"{Coordinate(top + plotHeight)}\" stroke=\"{stroke}\" stroke-dasharray=\"{dash}\"/>");
                Line($"<text x=\"{x}\" y=\"{Coordinate(top - 4)}\" font-size=\"11\" text-anchor=\"middle\">{label}</text>");
            }
        }
    }

    private void WriteScatter()
    {
        const int width = 1080;
        const int height = 600;
        const double left = 60;
        const double top = 20;
        const double plotWidth = 720;
        const double plotHeight = 530;
        PrincipalComponents pca = PrincipalComponents.Fit(_scaled);
        int[] sample = Sample(_scaled.RowCount, _options.MaxScatterPoints, _options.Seed);
        var xs = new double[sample.Length];
        var ys = new double[sample.Length];
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < sample.Length; i++)
        {
            (xs[i], ys[i]) = pca.Project(_scaled.Row(sample[i]));
            Extend(xs[i], ys[i]);
        }

        FeatureMatrix<double> centroids = _model.KMeans.Centroids;
        var centres = new (double X, double Y)[centroids.RowCount];
        for (int s = 0; s < centres.Length; s++)
        {
            centres[s] = pca.Project(centroids.Row(s));
            Extend(centres[s].X, centres[s].Y);
        }

        (minX, maxX) = Padded(minX, maxX);
        (minY, maxY) = Padded(minY, maxY);
        double X(double v) => left + ((v - minX) / (maxX - minX) * plotWidth);
        double Y(double v) => top + plotHeight - ((v - minY) / (maxY - minY) * plotHeight);

        Line("<section id=\"scatter\">");
        Line("<h2>Customers on the first two principal components</h2>");
        Line($"<p class=\"note\">{Count(sample.Length)} of {Count(_scaled.RowCount)} customers"
            + (sample.Length < _scaled.RowCount ? $" (a random sample, seed {Integer(_options.Seed)})" : string.Empty)
            + $" in the scaled space K-Means saw, projected on its two main axes and coloured by segment; the large rings are the segment centroids. "
            + $"PC1 explains {Percent(pca.Explained1)} and PC2 {Percent(pca.Explained2)} of the variance.</p>");
        Line($"<svg id=\"scatter-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Segment scatter\">");
        Line($"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        Line($"<rect x=\"{Coordinate(left)}\" y=\"{Coordinate(top)}\" width=\"{Coordinate(plotWidth)}\" height=\"{Coordinate(plotHeight)}\" fill=\"#fbfbfd\" stroke=\"{Axis}\"/>");
        if (minX < 0 && maxX > 0)
        {
            Line($"<line x1=\"{Coordinate(X(0))}\" y1=\"{Coordinate(top)}\" x2=\"{Coordinate(X(0))}\" y2=\"{Coordinate(top + plotHeight)}\" stroke=\"{Grid}\"/>");
        }

        if (minY < 0 && maxY > 0)
        {
            Line($"<line x1=\"{Coordinate(left)}\" y1=\"{Coordinate(Y(0))}\" x2=\"{Coordinate(left + plotWidth)}\" y2=\"{Coordinate(Y(0))}\" stroke=\"{Grid}\"/>");
        }

        Line($"<text x=\"{Coordinate(left + (plotWidth / 2))}\" y=\"{Coordinate(height - 14)}\" font-size=\"12\" text-anchor=\"middle\">PC1 ({Percent(pca.Explained1)} of variance)</text>");
        Line($"<text x=\"16\" y=\"{Coordinate(top + (plotHeight / 2))}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Coordinate(top + (plotHeight / 2))})\">PC2 ({Percent(pca.Explained2)} of variance)</text>");
        for (int s = 0; s < _model.SegmentCount; s++)
        {
            Line($"<g class=\"segment-points\" data-segment=\"{Integer(s)}\" fill=\"{SegmentColors.Of(s)}\" fill-opacity=\"0.75\">");
            for (int i = 0; i < sample.Length; i++)
            {
                if (_assigned.Segments[sample[i]] == s)
                {
                    Line($"<circle cx=\"{Coordinate(X(xs[i]))}\" cy=\"{Coordinate(Y(ys[i]))}\" r=\"3\"/>");
                }
            }

            Line("</g>");
        }

        for (int s = 0; s < centres.Length; s++)
        {
            Line($"<circle cx=\"{Coordinate(X(centres[s].X))}\" cy=\"{Coordinate(Y(centres[s].Y))}\" r=\"9\" fill=\"{SegmentColors.Of(s)}\" stroke=\"#1d2330\" stroke-width=\"2.5\"/>");
        }

        double legendX = left + plotWidth + 30;
        Line($"<text x=\"{Coordinate(legendX)}\" y=\"{Coordinate(top + 12)}\" font-size=\"13\" font-weight=\"600\">Segments</text>");
        for (int s = 0; s < _model.SegmentCount; s++)
        {
            double y = top + 30 + (s * 24);
            Line($"<rect x=\"{Coordinate(legendX)}\" y=\"{Coordinate(y)}\" width=\"16\" height=\"16\" fill=\"{SegmentColors.Of(s)}\"/>");
            Line($"<text x=\"{Coordinate(legendX + 24)}\" y=\"{Coordinate(y + 13)}\" font-size=\"12\">{Integer(s)} {Escape(Truncated(_model.Segments[s].Persona, 34))}</text>");
        }

        Line("</svg>");
        Line("</section>");

        void Extend(double x, double y)
        {
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        }
    }

    private void WriteHeatMap()
    {
        IReadOnlyList<string> features = _model.FeatureNames;
        const double labelWidth = 300;
        const double headerHeight = 56;
        const double cellWidth = 112;
        const double cellHeight = 38;
        const double legendHeight = 70;
        double width = labelWidth + (cellWidth * features.Count) + 20;
        double height = headerHeight + (cellHeight * _model.SegmentCount) + legendHeight;
        Line("<section id=\"heat-map\">");
        Line("<h2>Segment profiles</h2>");
        Line("<p class=\"note\">Each cell is the segment's average standardized feature: its difference from all customers in standard deviations, "
            + "after log1p where the model applies it (the values its personas are named from). Red is above average, blue below; the colour saturates at "
            + $"{Signed(HeatSaturation)} standard deviations.</p>");
        Line($"<svg id=\"heat-map-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Coordinate(width)}\" height=\"{Coordinate(height)}\" viewBox=\"0 0 {Coordinate(width)} {Coordinate(height)}\" role=\"img\" aria-label=\"Segment profile heat map\">");
        Line($"<rect width=\"{Coordinate(width)}\" height=\"{Coordinate(height)}\" fill=\"#ffffff\"/>");
        for (int c = 0; c < features.Count; c++)
        {
            double x = labelWidth + (c * cellWidth) + (cellWidth / 2);
            Line($"<text x=\"{Coordinate(x)}\" y=\"{Coordinate(headerHeight - 12)}\" font-size=\"12\" font-weight=\"600\" text-anchor=\"middle\">{Escape(Truncated(features[c], 16))}</text>");
        }

        for (int s = 0; s < _model.SegmentCount; s++)
        {
            SegmentSummary summary = _model.Segments[s];
            double y = headerHeight + (s * cellHeight);
            Line($"<rect x=\"8\" y=\"{Coordinate(y + 11)}\" width=\"16\" height=\"16\" fill=\"{SegmentColors.Of(s)}\"/>");
            Line($"<text x=\"32\" y=\"{Coordinate(y + 24)}\" font-size=\"12\">{Integer(s)} {Escape(Truncated(summary.Persona, 36))}</text>");
            for (int c = 0; c < features.Count; c++)
            {
                double z = summary.ZScores.TryGetValue(features[c], out double value) ? value : double.NaN;
                double x = labelWidth + (c * cellWidth);
                string fill = HeatColor(z);
                Line($"<rect x=\"{Coordinate(x + 1)}\" y=\"{Coordinate(y + 1)}\" width=\"{Coordinate(cellWidth - 2)}\" height=\"{Coordinate(cellHeight - 2)}\" fill=\"{fill}\"/>");
                string ink = double.IsFinite(z) && Math.Abs(z) > 0.6 * HeatSaturation ? "#ffffff" : "#1d2330";
                Line($"<text x=\"{Coordinate(x + (cellWidth / 2))}\" y=\"{Coordinate(y + 24)}\" font-size=\"12\" text-anchor=\"middle\" style=\"fill:{ink}\">{Signed(z)}</text>");
            }
        }

        // The colour scale: -2 .. +2 in nine steps.
        double legendY = headerHeight + (cellHeight * _model.SegmentCount) + 20;
        const int steps = 9;
        for (int i = 0; i < steps; i++)
        {
            double z = -HeatSaturation + (2 * HeatSaturation * i / (steps - 1));
            Line($"<rect x=\"{Coordinate(labelWidth + (i * 36))}\" y=\"{Coordinate(legendY)}\" width=\"36\" height=\"14\" fill=\"{HeatColor(z)}\"/>");
        }

        Line($"<rect x=\"{Coordinate(labelWidth)}\" y=\"{Coordinate(legendY)}\" width=\"{Coordinate(steps * 36)}\" height=\"14\" fill=\"none\" stroke=\"{Axis}\"/>");
        Line($"<text x=\"{Coordinate(labelWidth)}\" y=\"{Coordinate(legendY + 30)}\" font-size=\"11\">{Signed(-HeatSaturation)}</text>");
        Line($"<text x=\"{Coordinate(labelWidth + (steps * 36))}\" y=\"{Coordinate(legendY + 30)}\" font-size=\"11\" text-anchor=\"end\">{Signed(HeatSaturation)}</text>");
        Line($"<text x=\"{Coordinate(labelWidth - 10)}\" y=\"{Coordinate(legendY + 12)}\" font-size=\"11\" text-anchor=\"end\">standard deviations</text>");
        Line("</svg>");
        Line("</section>");
    }

    /// <summary>The heat-map colour of a standardized difference: white at 0, blue below, red above, grey when not finite.</summary>
    private static string HeatColor(double z) =>
        !double.IsFinite(z) ? "#cccccc"
        : z < 0 ? SegmentColors.Blend("#ffffff", Negative, -z / HeatSaturation)
        : SegmentColors.Blend("#ffffff", Positive, z / HeatSaturation);

    /// <summary>Pads an axis range by 6% each side; a single value gets a unit-wide range.</summary>
    private static (double Min, double Max) Padded(double min, double max)
    {
        double span = max - min;
        if (!(span > 0))
        {
            double half = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            return (min - half, max + half);
        }

        return (min - (0.06 * span), max + (0.06 * span));
    }

    /// <summary>The rows the scatter draws, ascending: all of them, or a seeded sample of <paramref name="size"/> (partial Fisher-Yates).</summary>
    internal static int[] Sample(int count, int size, int seed) =>
        RowSampling.WithoutReplacement(count, Math.Min(count, size), seed, sorted: true);

    private static string Truncated(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "\u2026");
}
