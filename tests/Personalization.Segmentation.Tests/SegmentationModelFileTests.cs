using System.Text;
using System.Text.Json.Nodes;
using Personalization.Persistence;
using Xunit.Abstractions;

namespace Personalization.Segmentation.Tests;

/// <summary>A segmentation model fitted on thousands of customers saves to a few KB: the K-Means training labels are left out unless asked for.</summary>
public sealed class SegmentationModelFileTests(OnlineRetailFixture data, ITestOutputHelper output) : IClassFixture<OnlineRetailFixture>
{
    [Fact]
    public void Save_FittedOnOnlineRetail_IsAFewKilobytesAndScoresTheSame()
    {
        string json = ModelPersistence.ToJson(data.Model);
        int bytes = Encoding.UTF8.GetByteCount(json);

        SegmentationModel back = ModelPersistence.FromJson<SegmentationModel>(json);
        output.WriteLine($"{data.Model.TrainingCustomerCount} customers: {bytes} bytes without labels, {Encoding.UTF8.GetByteCount(ModelPersistence.ToJson(data.Model, new ModelSaveOptions { IncludeTrainingLabels = true }))} with them.");

        Assert.True(data.Model.TrainingCustomerCount > 4_000);
        Assert.True(bytes < 16 * 1024, $"the saved model is {bytes} bytes");
        Assert.Null(JsonNode.Parse(json)!["payload"]!["kMeans"]!["payload"]!["labels"]);
        Assert.True(back.KMeans.Labels.IsEmpty);
        SegmentAssignment expected = data.Model.AssignCustomers(data.Features);
        SegmentAssignment actual = back.AssignCustomers(data.Features);
        Assert.Equal(expected.Segments.ToArray(), actual.Segments.ToArray());
        Assert.Equal(expected.Distances.ToArray(), actual.Distances.ToArray());
    }

    [Fact]
    public void Save_IncludeTrainingLabels_KeepsOneLabelPerTrainingCustomer()
    {
        string json = ModelPersistence.ToJson(data.Model, new ModelSaveOptions { IncludeTrainingLabels = true });

        SegmentationModel back = ModelPersistence.FromJson<SegmentationModel>(json);

        Assert.Equal(data.Model.KMeans.Labels.ToArray(), back.KMeans.Labels.ToArray());
        Assert.True(Encoding.UTF8.GetByteCount(json) > Encoding.UTF8.GetByteCount(ModelPersistence.ToJson(data.Model)) + data.Model.TrainingCustomerCount);
    }

    [Fact]
    public void Load_FileWithFormatOneKMeansAndLabels_StillLoads()
    {
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(data.Model, new ModelSaveOptions { IncludeTrainingLabels = true }))!;
        JsonNode kMeans = root["payload"]!["kMeans"]!;
        kMeans["formatVersion"] = 1;
        kMeans["payload"]!.AsObject().Remove("distinctClusterCount");

        SegmentationModel back = ModelPersistence.FromJson<SegmentationModel>(root.ToJsonString());

        Assert.Equal(data.Model.KMeans.Labels.ToArray(), back.KMeans.Labels.ToArray());
    }
}
