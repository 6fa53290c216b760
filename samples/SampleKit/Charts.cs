using ScottPlot;

namespace Personalization.Samples;

/// <summary>PNG charts for the samples (ScottPlot 5).</summary>
public static class Charts
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>Elbow (inertia by k) and silhouette by k, two y axes, with the chosen k marked.</summary>
    public static void ElbowAndSilhouette(IReadOnlyList<int> ks, IReadOnlyList<double> inertia, IReadOnlyList<double> silhouette, int chosenK, string path)
    {
        var plot = new Plot();
        double[] x = ks.Select(k => (double)k).ToArray();
        var inertiaLine = plot.Add.Scatter(x, inertia.ToArray());
        inertiaLine.LegendText = "inertia (left)";
        inertiaLine.LineWidth = 2;
        inertiaLine.MarkerSize = 7;
        var silhouetteLine = plot.Add.Scatter(x, silhouette.ToArray());
        silhouetteLine.LegendText = "silhouette (right)";
        silhouetteLine.LineWidth = 2;
        silhouetteLine.MarkerSize = 7;
        silhouetteLine.Axes.YAxis = plot.Axes.Right;
        var chosen = plot.Add.VerticalLine(chosenK);
        chosen.LinePattern = LinePattern.Dashed;
        chosen.LegendText = $"chosen k = {chosenK}";
        plot.Axes.Bottom.SetTicks(x, ks.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title("Choosing k: elbow and silhouette");
        plot.XLabel("number of segments k");
        plot.Axes.Left.Label.Text = "inertia (within-segment sum of squares)";
        plot.Axes.Right.Label.Text = "mean silhouette";
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Points on the first two principal components, coloured by segment.</summary>
    public static void SegmentScatter(double[] pc1, double[] pc2, ReadOnlySpan<int> labels, IReadOnlyList<string> segmentNames, double explained1, double explained2, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int s = 0; s < segmentNames.Count; s++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] == s)
                {
                    xs.Add(pc1[i]);
                    ys.Add(pc2[i]);
                }
            }

            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            points.MarkerSize = 3;
            points.Color = palette.GetColor(s).WithAlpha(0.55);
            points.LegendText = $"{s}: {segmentNames[s]} ({xs.Count:N0})";
        }

        plot.Title("Segments on the first two principal components");
        plot.XLabel($"PC1 ({explained1:0%} of variance)");
        plot.YLabel($"PC2 ({explained2:0%} of variance)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Heatmap of per-segment feature z-scores (segment mean minus overall mean, in standard deviations).</summary>
    public static void ProfileHeatmap(double[,] zScores, IReadOnlyList<string> segmentNames, IReadOnlyList<string> featureNames, string path)
    {
        var plot = new Plot();
        int rows = zScores.GetLength(0);
        int cols = zScores.GetLength(1);
        // ScottPlot draws row 0 at the top; clamp so one extreme segment does not wash out the rest.
        var clamped = new double[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                clamped[r, c] = Math.Clamp(zScores[r, c], -2.5, 2.5);
            }
        }

        var heatmap = plot.Add.Heatmap(clamped);
        heatmap.Colormap = new ScottPlot.Colormaps.MellowRainbow();
        heatmap.ManualRange = new ScottPlot.Range(-2.5, 2.5);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "z-score vs all customers";
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                var text = plot.Add.Text(zScores[r, c].ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture), c, rows - 1 - r);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = 12;
            }
        }

        double[] xTicks = Enumerable.Range(0, cols).Select(i => (double)i).ToArray();
        double[] yTicks = Enumerable.Range(0, rows).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(xTicks, featureNames.ToArray());
        plot.Axes.Left.SetTicks(yTicks, segmentNames.Reverse().ToArray());
        plot.Title("Segment profiles");
        plot.SavePng(path, Width + 200, Height);
    }

    /// <summary>Qini curves: cumulative incremental outcomes against the share of customers targeted, with the random line.</summary>
    public static void QiniCurves(IReadOnlyList<(string Name, double[] Fraction, double[] Gain)> curves, string path, string yLabel = "incremental outcomes (Qini)")
    {
        var plot = new Plot();
        foreach ((string name, double[] fraction, double[] gain) in curves)
        {
            var line = plot.Add.Scatter(fraction, gain);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = name;
        }

        if (curves.Count > 0)
        {
            double[] f = curves[0].Fraction;
            double[] g = curves[0].Gain;
            var random = plot.Add.Line(0, 0, f[^1], g[^1]);
            random.LinePattern = LinePattern.Dashed;
            random.Color = Colors.Gray;
            random.LegendText = "random targeting";
        }

        plot.Title("Qini curve");
        plot.XLabel("share of customers targeted (highest predicted uplift first)");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Bars, one per category (for example conversion by arm).</summary>
    public static void Bars(IReadOnlyList<string> names, IReadOnlyList<double> values, string title, string yLabel, string path)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(values.ToArray());
        _ = bars;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, names.Count).Select(i => (double)i).ToArray(), names.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.SavePng(path, Width, Height);
    }
}
