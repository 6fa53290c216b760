using Personalization.Clustering.Tests.Selection;

namespace Personalization.Clustering.Tests.Profiles;

public sealed class ProfilesAndPersonasTests
{
    private static (SegmentProfileTable Table, FeatureMatrix<double> Raw, int[] Labels) WholesaleProfiles()
    {
        (FeatureMatrix<double> scaled, FeatureMatrix<double> raw, string[] channel) = ClusterCountSelectionTests.Wholesale();
        HierarchicalModel<double> model = new HierarchicalClustering<double>(new() { ClusterCount = 4 }).Fit(scaled);
        var categories = new Dictionary<string, IReadOnlyList<string>> { ["Channel"] = channel };
        SegmentProfileTable table = SegmentProfiler.Profile(raw, model.Labels, categories, new() { RevenueColumn = "Grocery" });
        return (table, raw, model.Labels.ToArray());
    }

    [Fact]
    public void Profile_Wholesale_SharesSumToOneAndMeansAreInOriginalUnits()
    {
        (SegmentProfileTable table, FeatureMatrix<double> raw, int[] labels) = WholesaleProfiles();
        Assert.Equal(4, table.Segments.Count);
        Assert.Equal(1.0, table.Segments.Sum(s => s.Share), 12);
        Assert.Equal(1.0, table.Segments.Sum(s => s.RevenueShare), 12);
        Assert.Equal(440, table.Segments.Sum(s => s.Size));
        SegmentProfile first = table.Segments[0];
        double expectedMean = Enumerable.Range(0, raw.RowCount).Where(i => labels[i] == first.Segment).Average(i => raw[i, 0]);
        Assert.Equal(expectedMean, first.Features[0].Mean, 9);
        Assert.Equal((first.Features[0].Mean - first.Features[0].PopulationMean) / first.Features[0].PopulationStandardDeviation, first.Features[0].DifferenceInStandardDeviations, 12);
        Assert.All(table.Segments, s => Assert.Contains(s.TopCategories, c => c.Column == "Channel"));
        Assert.Contains("\"revenueShare\"", table.ToJson(), StringComparison.Ordinal);
        Assert.Contains("| segment | size | share |", table.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_MedianOfEvenCount_AveragesMiddleValues()
    {
        var x = new FeatureMatrix<double>([1, 2, 3, 10, 5, 7], 6, 1);
        SegmentProfileTable t = SegmentProfiler.Profile(x, [0, 0, 0, 0, 1, 1]);
        Assert.Equal(2.5, t.Segments[0].Features[0].Median);
        Assert.Equal(4.0, t.Segments[0].Features[0].Mean);
        Assert.True(double.IsNaN(t.Segments[0].RevenueShare));
    }

    [Fact]
    public void Build_Wholesale_NamesFromDistinctiveFeaturesDeterministically()
    {
        (SegmentProfileTable table, _, _) = WholesaleProfiles();
        IReadOnlyList<Persona> personas = PersonaBuilder.Build(table);
        IReadOnlyList<Persona> again = PersonaBuilder.Build(table);
        Assert.Equal(personas.Select(p => p.Name), again.Select(p => p.Name));
        Assert.Equal(personas.Count, personas.Select(p => p.Name).Distinct().Count());
        foreach (Persona p in personas)
        {
            SegmentProfile s = table.Segments.Single(x => x.Segment == p.Segment);
            FeatureProfile top = s.Features.OrderByDescending(f => Math.Abs(f.DifferenceInStandardDeviations)).First();
            if (Math.Abs(top.DifferenceInStandardDeviations) >= 0.5)
            {
                Assert.StartsWith((top.DifferenceInStandardDeviations > 0 ? "High " : "Low ") + top.Feature, p.Name, StringComparison.Ordinal);
            }

            Assert.InRange(p.Playbook.MaxDiscount, 0, 1);
            Assert.StartsWith("Channel ", p.Playbook.Channel, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_HandMadeProfiles_FollowsDocumentedRuleAndOverrides()
    {
        var x = new FeatureMatrix<double>([100, 10, 110, 12, 10, 1, 12, 2], 4, 2, ["Revenue", "Frequency"]);
        SegmentProfileTable t = SegmentProfiler.Profile(x, [0, 0, 1, 1], options: new() { RevenueColumn = "Revenue" });
        var words = new Dictionary<string, (string, string)> { ["Frequency"] = ("frequent", "infrequent") };
        IReadOnlyList<Persona> personas = PersonaBuilder.Build(t, new() { FeatureWords = words });
        Assert.Equal("High Revenue, frequent", personas[0].Name);
        Assert.Equal("Loyalty reward / early access", personas[0].Playbook.OfferType);
        Assert.Equal("Low Revenue, infrequent", personas[1].Name);
        Assert.Equal("Reactivation coupon", personas[1].Playbook.OfferType);
        Assert.Equal("Email", personas[1].Playbook.Channel);

        var custom = new PromotionPlaybookEntry("Free shipping", "Any", 0, "SMS", "Quarterly");
        IReadOnlyList<Persona> overridden = PersonaBuilder.Build(t, new() { SegmentOverrides = new Dictionary<int, PromotionPlaybookEntry> { [1] = custom } });
        Assert.Equal(custom, overridden[1].Playbook);
        Assert.True(overridden[1].IsOverridden);
        Assert.False(overridden[0].IsOverridden);
        IReadOnlyList<Persona> byName = PersonaBuilder.Build(t, new() { NameOverrides = new Dictionary<string, PromotionPlaybookEntry> { ["High Revenue, High Frequency"] = custom } });
        Assert.Equal(custom, byName[0].Playbook);
    }

    [Fact]
    public void ProfileAndBuild_BadInput_Throw()
    {
        var x = new FeatureMatrix<double>([1, 2, 3, 4], 4, 1);
        Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(x, [0, 1]));
        Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(x, [0, 0, 1, 1], options: new() { RevenueColumn = "nope" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentProfiler.Profile(x, [0, 0, 1, 1], options: new() { TopCategoryCount = 0 }));
        Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(x, [0, 0, 1, 1], new Dictionary<string, IReadOnlyList<string>> { ["c"] = ["a"] }));
        Assert.Throws<ArgumentNullException>(() => SegmentProfiler.Profile(null!, [0]));
        SegmentProfileTable t = SegmentProfiler.Profile(x, [0, 0, 1, 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonaBuilder.Build(t, new() { MaxTraits = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonaBuilder.Build(t, new() { Threshold = double.NaN }));
        Assert.Throws<ArgumentNullException>(() => PersonaBuilder.Build(null!));
    }
}
