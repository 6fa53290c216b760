using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Personalization.Clustering;

/// <summary>The profiles of all segments, with JSON and Markdown renderings.</summary>
/// <remarks>Instances are immutable and thread-safe.</remarks>
public sealed class SegmentProfileTable
{
    internal SegmentProfileTable(IReadOnlyList<SegmentProfile> segments, IReadOnlyList<string> features, int rowCount, string? revenueColumn)
    {
        Segments = segments;
        Features = features;
        RowCount = rowCount;
        RevenueColumn = revenueColumn;
    }

    /// <summary>Gets one profile per segment, by ascending label.</summary>
    public IReadOnlyList<SegmentProfile> Segments { get; }

    /// <summary>Gets the feature names, in column order.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>Gets the total number of rows profiled.</summary>
    public int RowCount { get; }

    /// <summary>Gets the revenue column, or <see langword="null"/>.</summary>
    public string? RevenueColumn { get; }

    /// <summary>Returns the table as indented JSON (camelCase names; NaN written as null).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("rowCount", RowCount);
            w.WriteString("revenueColumn", RevenueColumn);
            w.WriteStartArray("segments");
            foreach (SegmentProfile s in Segments)
            {
                w.WriteStartObject();
                w.WriteNumber("segment", s.Segment);
                w.WriteNumber("size", s.Size);
                w.WriteNumber("share", s.Share);
                Number(w, "revenueShare", s.RevenueShare);
                w.WriteStartArray("features");
                foreach (FeatureProfile f in s.Features)
                {
                    w.WriteStartObject();
                    w.WriteString("feature", f.Feature);
                    w.WriteNumber("mean", f.Mean);
                    w.WriteNumber("median", f.Median);
                    w.WriteNumber("populationMean", f.PopulationMean);
                    w.WriteNumber("populationStandardDeviation", f.PopulationStandardDeviation);
                    w.WriteNumber("differenceInStandardDeviations", f.DifferenceInStandardDeviations);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("topCategories");
                foreach (CategoryShare c in s.TopCategories)
                {
                    w.WriteStartObject();
                    w.WriteString("column", c.Column);
                    w.WriteString("value", c.Value);
                    w.WriteNumber("count", c.Count);
                    w.WriteNumber("share", c.Share);
                    w.WriteNumber("lift", c.Lift);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Returns the table as Markdown: one row per segment, mean (and difference in SDs) per feature.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var b = new StringBuilder();
        b.Append("| segment | size | share | revenue share |");
        foreach (string f in Features)
        {
            b.Append(' ').Append(f).Append(" mean (SDs) |");
        }

        b.Append(" top categories |\n|---:|---:|---:|---:|");
        foreach (string _ in Features)
        {
            b.Append("---:|");
        }

        b.Append("---|\n");
        foreach (SegmentProfile s in Segments)
        {
            b.Append(CultureInfo.InvariantCulture, $"| {s.Segment} | {s.Size} | {s.Share:P1} | {(double.IsNaN(s.RevenueShare) ? "-" : s.RevenueShare.ToString("P1", CultureInfo.InvariantCulture))} |");
            foreach (FeatureProfile f in s.Features)
            {
                b.Append(CultureInfo.InvariantCulture, $" {f.Mean:G5} ({f.DifferenceInStandardDeviations:+0.00;-0.00}) |");
            }

            b.Append(' ');
            for (int i = 0; i < s.TopCategories.Count; i++)
            {
                CategoryShare c = s.TopCategories[i];
                b.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? ", " : string.Empty)}{c.Column}={c.Value} {c.Share:P0}");
            }

            b.Append(" |\n");
        }

        return b.ToString();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
