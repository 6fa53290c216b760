using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using System.Text.RegularExpressions;
using Personalization.Features;
using Personalization.Monitoring;
using Personalization.Persistence;
using Personalization.Segmentation.Report.Internal;

namespace Personalization.Segmentation.Tests;

public sealed partial class SegmentationReportTests : IClassFixture<SyntheticSegmentationFixture>
{
    private readonly SyntheticSegmentationFixture _data;

    public SegmentationReportTests(SyntheticSegmentationFixture data) => _data = data;

    [Fact]
    public void ToHtml_SameInputsTwice_IsByteIdentical()
    {
        DriftReport drift = Drift();
        byte[] first = Encoding.UTF8.GetBytes(SegmentationReport.ToHtml(_data.Model, _data.Features, drift));
        byte[] second = Encoding.UTF8.GetBytes(SegmentationReport.ToHtml(_data.Model, _data.Features, drift));

        Assert.Equal(first, second);
    }

    [Fact]
    public void ToHtml_ModelSavedAndLoaded_IsByteIdentical()
    {
        SegmentationModel loaded = ModelPersistence.FromJson<SegmentationModel>(ModelPersistence.ToJson(_data.Model));

        Assert.Equal(SegmentationReport.ToHtml(_data.Model, _data.Features), SegmentationReport.ToHtml(loaded, _data.Features));
    }

    [Fact]
    public void Write_MatchesToHtml_AndUsesNewlinesOnly()
    {
        using var writer = new StringWriter();
        SegmentationReport.Write(writer, _data.Model, _data.Features);

        string html = writer.ToString();
        Assert.Equal(SegmentationReport.ToHtml(_data.Model, _data.Features), html);
        Assert.DoesNotContain('\r', html);
    }

    [Fact]
    public void ToHtml_HasEverySectionAndNoScript()
    {
        string html = SegmentationReport.ToHtml(_data.Model, _data.Features, Drift());

        Assert.StartsWith("<!DOCTYPE html>\n", html, StringComparison.Ordinal);
        foreach (string id in new[] { "audience", "choose-k", "choose-k-chart", "scatter", "scatter-chart", "heat-map", "heat-map-chart", "drift" })
        {
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        foreach (SegmentSummary s in _data.Model.Segments)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(s.Persona), html, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(s.RecommendedOffer), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToHtml_ChooseKTable_HasOneRowPerCandidateAndMarksTheChosenK()
    {
        string html = SegmentationReport.ToHtml(_data.Model, _data.Features);

        string chooseK = Section(html, "choose-k");
        Assert.Equal(_data.Model.Scores.Length, Regex.Matches(chooseK, "<tr(?: class=\"chosen\")?><td class=\"num\">").Count);
        Assert.Contains($"<tr class=\"chosen\"><td class=\"num\">{_data.Model.SegmentCount}</td>", chooseK, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Matches(chooseK, "<polyline ").Count);
    }

    [Fact]
    public void ToHtml_FixedK_SaysSoAndDrawsNoCurve()
    {
        SegmentationModel fixedK = new SegmentationPipeline(SyntheticCustomers.Options with { ClusterCount = 3 }).Fit(_data.Features);

        string html = SegmentationReport.ToHtml(fixedK, _data.Features);

        Assert.Contains("k was fixed at 3", html, StringComparison.Ordinal);
        Assert.DoesNotContain("choose-k-chart", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_Scatter_DrawsEveryCustomerBelowTheLimitAndASampleAboveIt()
    {
        int customers = _data.Model.AssignCustomers(_data.Features).Segments.Length;

        string all = Section(SegmentationReport.ToHtml(_data.Model, _data.Features), "scatter");
        string sampled = Section(SegmentationReport.ToHtml(_data.Model, _data.Features, options: new SegmentationReportOptions { MaxScatterPoints = 100 }), "scatter");
        string otherSeed = Section(SegmentationReport.ToHtml(_data.Model, _data.Features, options: new SegmentationReportOptions { MaxScatterPoints = 100, Seed = 9 }), "scatter");

        // Points are r="3"; the centroids r="9".
        Assert.Equal(customers, Regex.Matches(all, "r=\"3\"/>").Count);
        Assert.Equal(100, Regex.Matches(sampled, "r=\"3\"/>").Count);
        Assert.Equal(_data.Model.SegmentCount, Regex.Matches(sampled, "r=\"9\"").Count);
        Assert.Contains("a random sample, seed 42", sampled, StringComparison.Ordinal);
        Assert.NotEqual(sampled, otherSeed);
    }

    [Fact]
    public void ToHtml_HeatMap_HasOneCellPerSegmentAndFeature()
    {
        string heat = Section(SegmentationReport.ToHtml(_data.Model, _data.Features), "heat-map");

        Assert.Equal(_data.Model.SegmentCount * _data.Model.FeatureNames.Count, Regex.Matches(heat, "text-anchor=\"middle\" style=\"fill:").Count);
        SegmentSummary first = _data.Model.Segments[0];
        string z = first.ZScores[_data.Model.FeatureNames[0]].ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($">{z}</text>", heat, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_AudienceCountsTheReportsCustomersPerSegment()
    {
        SegmentAssignment assigned = _data.Model.AssignCustomers(_data.Features);

        string audience = Section(SegmentationReport.ToHtml(_data.Model, _data.Features), "audience");

        foreach (SegmentSummary s in _data.Model.Segments)
        {
            int here = assigned.Segments.Count(x => x == s.Segment);
            Assert.Contains($"<td class=\"num\">{s.Customers:#,0}</td>", audience, StringComparison.Ordinal);
            Assert.Contains($"<td class=\"num\">{here:#,0} (", audience, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToHtml_WithDrift_TabulatesEveryFeature_WithoutSaysHowToAddIt()
    {
        DriftReport drift = Drift();

        string with = Section(SegmentationReport.ToHtml(_data.Model, _data.Features, drift), "drift");
        string without = Section(SegmentationReport.ToHtml(_data.Model, _data.Features), "drift");

        foreach (FeatureDriftResult f in drift.Features)
        {
            Assert.Contains($"<tr><td>{f.Feature}</td>", with, StringComparison.Ordinal);
        }

        Assert.Contains($"Verdict: <span class=\"level-{drift.Verdict}\">", with, StringComparison.Ordinal);
        Assert.Equal(DriftLevel.Significant, drift.Features.Single(f => f.Feature == CustomerFeatureNames.Recency).Level);
        Assert.Contains("No drift input", without, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_EscapesEveryUserText()
    {
        const string evil = "<b>\"Tom\" & 'Jerry'</b>";
        SegmentationPipelineOptions options = SyntheticCustomers.Options with
        {
            Personas = SyntheticCustomers.Options.Personas with
            {
                FeatureWords = new SegmentationPipelineOptions().Personas.FeatureWords.ToDictionary(p => p.Key, p => (evil + p.Value.High, evil + p.Value.Low), StringComparer.Ordinal),
            },
            CategoryFocus = new SegmentationPipelineOptions().CategoryFocus.ToDictionary(p => p.Key, _ => evil, StringComparer.Ordinal),
        };
        SegmentationModel model = new SegmentationPipeline(options).Fit(_data.Features);

        string html = SegmentationReport.ToHtml(model, _data.Features, options: new SegmentationReportOptions { Title = evil });

        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Tom\"", html, StringComparison.Ordinal);
        Assert.Contains("<title>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;", Section(html, "audience"), StringComparison.Ordinal);
    }

    [Property(MaxTest = 40, Replay = "(1009,2027)")]
    public void ToHtml_AnyTitle_IsEscapedAndDecodesBack(NonWhiteSpaceString title)
    {
        // Lone surrogates are not text; HtmlEncode replaces them, so leave them out of the property.
        string text = "t" + new string([.. title.Get.Where(c => !char.IsSurrogate(c))]);

        string html = SegmentationReport.ToHtml(_data.Model, _data.Features, options: new SegmentationReportOptions { Title = text, MaxScatterPoints = 10 });

        int start = html.IndexOf("<title>", StringComparison.Ordinal) + "<title>".Length;
        string encoded = html[start..html.IndexOf("</title>", start, StringComparison.Ordinal)];
        Assert.DoesNotContain('<', encoded);
        Assert.DoesNotContain('"', encoded);
        Assert.Equal(text, WebUtility.HtmlDecode(encoded));
        Assert.Contains($"<h1>{encoded}</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("writer", () => SegmentationReport.Write(null!, _data.Model, _data.Features));
        Assert.Throws<ArgumentNullException>("model", () => SegmentationReport.ToHtml(null!, _data.Features));
        Assert.Throws<ArgumentNullException>("features", () => SegmentationReport.ToHtml(_data.Model, null!));
    }

    [Fact]
    public void Write_MissingColumn_ThrowsNamingIt()
    {
        FeatureMatrix<double> noTenure = _data.Features.SelectColumns([0, 1, 2, 3, 5]);

        ArgumentException e = Assert.Throws<ArgumentException>("features", () => SegmentationReport.ToHtml(_data.Model, noTenure));
        Assert.Contains(CustomerFeatureNames.Tenure, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoCustomerCanBeSegmented_Throws()
    {
        FeatureMatrix<double> dropped = _data.Features.SelectRows([49, 99]);

        ArgumentException e = Assert.Throws<ArgumentException>("features", () => SegmentationReport.ToHtml(_data.Model, dropped));
        Assert.Contains("none can be segmented", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SegmentationReportOptions.MaxScatterPointsLimit + 1)]
    public void Write_MaxScatterPointsOutOfRange_Throws(int points)
    {
        Assert.Throws<ArgumentOutOfRangeException>("MaxScatterPoints", () => SegmentationReport.ToHtml(_data.Model, _data.Features, options: new SegmentationReportOptions { MaxScatterPoints = points }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Write_EmptyTitle_Throws(string? title)
    {
        Assert.Throws<ArgumentException>("Title", () => SegmentationReport.ToHtml(_data.Model, _data.Features, options: new SegmentationReportOptions { Title = title! }));
    }

    [Fact]
    public void Sample_IsSortedDistinctSeededAndBounded()
    {
        int[] a = ReportWriter.Sample(1000, 50, 3);
        int[] b = ReportWriter.Sample(1000, 50, 3);

        Assert.Equal(a, b);
        Assert.Equal(50, a.Distinct().Count());
        Assert.Equal(a.Order().ToArray(), a);
        Assert.All(a, i => Assert.InRange(i, 0, 999));
        Assert.Equal(Enumerable.Range(0, 10).ToArray(), ReportWriter.Sample(10, 50, 3));
    }

    [Fact]
    public void PrincipalComponents_PointsOnALine_FirstAxisIsTheLineAndExplainsEverything()
    {
        // y = 2x, plus a constant third column: all variance along (1, 2, 0) / sqrt(5).
        var rows = Enumerable.Range(0, 20).Select(i => new double[] { i, 2.0 * i, 5 }).ToArray();
        PrincipalComponents pca = PrincipalComponents.Fit(FeatureMatrix<double>.FromRows(rows));

        Assert.Equal(1.0, pca.Explained1, 12);
        Assert.Equal(0.0, pca.Explained2, 12);
        Assert.Equal(1 / Math.Sqrt(5), pca.Axis1[0], 12);
        Assert.Equal(2 / Math.Sqrt(5), pca.Axis1[1], 12);
        Assert.Equal(0.0, pca.Axis1[2], 12);
        (double x, double y) = pca.Project([19, 38, 5]);
        Assert.Equal(9.5 * Math.Sqrt(5), x, 9);
        Assert.Equal(0.0, y, 9);
    }

    [Fact]
    public void PrincipalComponents_NoVariance_GivesZeroAxes()
    {
        PrincipalComponents pca = PrincipalComponents.Fit(FeatureMatrix<double>.FromRows([[1.0, 2.0], [1.0, 2.0]]));

        Assert.Equal(0.0, pca.Explained1);
        Assert.Equal((0.0, 0.0), pca.Project([3, 4]));
    }

    private static DriftReport Drift() =>
        DriftReport.Compute(
            SyntheticCustomers.Make(400, seed: 11).SelectRows([.. Enumerable.Range(0, 400).Where(r => r % 50 != 49)]),
            SyntheticCustomers.Make(400, seed: 12, recencyShift: 90).SelectRows([.. Enumerable.Range(0, 400).Where(r => r % 50 != 49)]),
            referenceName: "first half",
            currentName: "second half");

    /// <summary>The text of the section with the given id.</summary>
    private static string Section(string html, string id)
    {
        int start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"section {id} is missing");
        int end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
