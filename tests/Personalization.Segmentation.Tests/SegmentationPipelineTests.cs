using Personalization.Clustering;
using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Segmentation.Tests;

public sealed class SegmentationPipelineTests : IClassFixture<OnlineRetailFixture>
{
    private readonly OnlineRetailFixture _data;

    public SegmentationPipelineTests(OnlineRetailFixture data) => _data = data;

    [Fact]
    public void Fit_OnlineRetail_ChoosesKBySilhouetteAndProfilesEverySegment()
    {
        SegmentationModel model = _data.Model;

        Assert.InRange(model.SegmentCount, 3, 8);
        Assert.Equal(6, model.Scores.Length);
        ClusterCountScore best = model.Scores.MaxBy(s => s.Silhouette)!;
        Assert.Equal(best.ClusterCount, model.SegmentCount);
        Assert.NotNull(model.ChooseKReason);
        Assert.Equal(_data.Features.RowCount, model.TrainingCustomerCount + model.DroppedCustomerCount);
        Assert.Equal(model.TrainingCustomerCount, model.Segments.Sum(s => s.Customers));
        Assert.Equal(1.0, model.Segments.Sum(s => s.Share), 12);
        Assert.All(model.Segments, s => Assert.False(string.IsNullOrWhiteSpace(s.Persona)));
        Assert.Equal(model.SegmentCount, model.Segments.Select(s => s.Persona).Distinct().Count());
        Assert.All(model.Segments, s => Assert.Equal(model.FeatureNames.Order(StringComparer.Ordinal), s.Means.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Fit_DropsOnlyCustomersWithoutAPurchase()
    {
        int frequency = _data.Features.ColumnIndex(CustomerFeatureNames.Frequency);
        int monetary = _data.Features.ColumnIndex(CustomerFeatureNames.Monetary);
        int expected = 0;
        for (int r = 0; r < _data.Features.RowCount; r++)
        {
            ReadOnlySpan<double> row = _data.Features.Row(r);
            bool finite = true;
            foreach (double v in row)
            {
                finite &= double.IsFinite(v);
            }

            expected += finite && row[frequency] >= 1 && row[monetary] > 0 ? 0 : 1;
        }

        Assert.True(expected > 0, "Online Retail has customers with only returns; the test needs them.");
        Assert.Equal(expected, _data.Model.DroppedCustomerCount);
    }

    [Fact]
    public void Assign_TrainingCustomers_GivesTheKMeansLabels()
    {
        SegmentAssignment assignment = _data.Model.Assign(_data.Transactions);

        Assert.Equal(_data.Model.TrainingCustomerCount, assignment.Segments.Length);
        Assert.Equal(_data.Model.KMeans.Labels.ToArray(), assignment.Segments.ToArray());
        Assert.All(assignment.Distances, d => Assert.True(d >= 0 && double.IsFinite(d)));
        Assert.Equal(_data.Model.DroppedCustomerCount, assignment.DroppedCustomerCount);
    }

    [Fact]
    public void Assign_DistanceIsToTheNearestCentroid()
    {
        FeatureMatrix<double> some = _data.Model.Assign(_data.Transactions).Features.SelectRows([0, 1, 2, 3, 4, 5, 6, 7]);
        var segments = new int[some.RowCount];
        var distances = new double[some.RowCount];
        _data.Model.Assign(some, segments, distances);

        FeatureMatrix<double> all = _data.Model.KMeans.Transform(_data.Model.Preprocessing.Transform(some));
        for (int r = 0; r < some.RowCount; r++)
        {
            double nearest = all.Row(r).ToArray().Min();
            Assert.Equal(nearest, distances[r], 9);
            Assert.Equal(all[r, segments[r]], distances[r], 9);
        }
    }

    [Fact]
    public void Fit_Twice_SameModelFile()
    {
        FeatureMatrix<double> slice = _data.Features.SelectRows(Enumerable.Range(0, 1500).ToArray());
        var options = new SegmentationPipelineOptions { MaxClusterCount = 5 };

        string first = ModelPersistence.ToJson(new SegmentationPipeline(options).Fit(slice));
        string second = ModelPersistence.ToJson(new SegmentationPipeline(options).Fit(slice));

        Assert.Equal(first, second);
    }

    [Fact]
    public void SaveLoad_RoundTrip_AssignsIdenticallyAndRewritesTheSameFile()
    {
        string json = ModelPersistence.ToJson(_data.Model);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        SegmentationModel loaded = ModelPersistence.Load<SegmentationModel>(stream);

        Assert.Equal(json, ModelPersistence.ToJson(loaded));
        Assert.Equal(_data.Model.Options.Columns, loaded.Options.Columns);
        Assert.Equal(_data.Model.Segments.Select(s => s.RecommendedOffer), loaded.Segments.Select(s => s.RecommendedOffer));
        FeatureMatrix<double> customers = _data.Model.Assign(_data.Transactions).Features;
        Assert.Equal(_data.Model.Assign(customers), loaded.Assign(customers));
    }

    [Fact]
    public void Fit_FixedK_UsesItAndScoresIt()
    {
        FeatureMatrix<double> slice = _data.Features.SelectRows(Enumerable.Range(0, 800).ToArray());
        SegmentationModel model = new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = 4 }).Fit(slice);

        Assert.Equal(4, model.SegmentCount);
        Assert.Null(model.ChooseKReason);
        ClusterCountScore score = Assert.Single(model.Scores);
        Assert.Equal(4, score.ClusterCount);
        Assert.InRange(score.Silhouette, -1, 1);
    }

    [Fact]
    public void Fit_FromTransactions_EqualsFitFromTheirFeatures()
    {
        IReadOnlyList<Transaction> some = _data.Transactions.Take(30_000).ToList();
        var options = new SegmentationPipelineOptions { ClusterCount = 3 };
        FeatureMatrix<double> features = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = options.Columns }).Extract(some);

        Assert.Equal(
            ModelPersistence.ToJson(new SegmentationPipeline(options).Fit(features)),
            ModelPersistence.ToJson(new SegmentationPipeline(options).Fit(some)));
    }
}
