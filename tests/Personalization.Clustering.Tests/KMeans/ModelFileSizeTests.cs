using System.Text;
using System.Text.Json.Nodes;
using Personalization.Persistence;

namespace Personalization.Clustering.Tests;

/// <summary>Saved clustering models omit the training labels by default (a few KB whatever the rows); an option keeps them; old files with labels still load.</summary>
public sealed class ModelFileSizeTests
{
    private static readonly ModelSaveOptions s_withLabels = new() { IncludeTrainingLabels = true };

    [Fact]
    public void KMeans_FittedOnManyRows_SavesToAFewKilobytesWithoutLabels()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(60_000, 6, 5, 11);
        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 5, Seed = 2 }).Fit(data);

        int small = Encoding.UTF8.GetByteCount(ModelPersistence.ToJson(model));
        int large = Encoding.UTF8.GetByteCount(ModelPersistence.ToJson(model, s_withLabels));

        Assert.True(small < 4 * 1024, $"the default file is {small} bytes");
        Assert.True(large > 60_000 * 2, $"the file with labels is {large} bytes");
    }

    [Fact]
    public void KMeans_LoadedWithoutLabels_HasEmptyLabelsAndPredictsTheSame()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(3_000, 4, 3, 12);
        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 3, Seed = 2 }).Fit(data);

        KMeansModel<double> back = ModelPersistence.FromJson<KMeansModel<double>>(ModelPersistence.ToJson(model));

        Assert.True(back.Labels.IsEmpty);
        Assert.Equal(model.Labels.ToArray(), back.Predict(data));
        Assert.Equal(model.DistinctClusterCount, back.DistinctClusterCount);
        Assert.Equal(model.Centroids.AsSpan().ToArray(), back.Centroids.AsSpan().ToArray());
    }

    [Fact]
    public void KMeans_IncludeTrainingLabels_RoundTripsThem()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(500, 3, 3, 13);
        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 3, Seed = 2 }).Fit(data);
        string json = ModelPersistence.ToJson(model, s_withLabels);

        KMeansModel<double> back = ModelPersistence.FromJson<KMeansModel<double>>(json);

        Assert.Equal(model.Labels.ToArray(), back.Labels.ToArray());
        Assert.Equal(json, ModelPersistence.ToJson(back, s_withLabels));
        Assert.Equal(2, JsonNode.Parse(json)!["formatVersion"]!.GetValue<int>());
    }

    [Fact]
    public void KMeans_FormatOneFileWithLabels_StillLoads()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(400, 3, 3, 14);
        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 3, Seed = 2 }).Fit(data);
        string v1 = FormatOne(ModelPersistence.ToJson(model, s_withLabels), "distinctClusterCount");

        KMeansModel<double> back = ModelPersistence.FromJson<KMeansModel<double>>(v1);

        Assert.Equal(model.Labels.ToArray(), back.Labels.ToArray());
        Assert.Equal(model.DistinctClusterCount, back.DistinctClusterCount);
    }

    [Fact]
    public void KMeans_FormatOneFileWithoutLabels_ThrowsNamingLabels()
    {
        KMeansModel<double> model = new KMeans(2).Fit(FeatureMatrix<double>.FromRows([[0.0], [1.0], [9.0]]));
        string v1 = FormatOne(ModelPersistence.ToJson(model), "distinctClusterCount");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(v1));

        Assert.Contains("labels", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void KMeans_DistinctClusterCountOutOfRange_ThrowsInvalidData(int distinct)
    {
        KMeansModel<double> model = new KMeans(2).Fit(FeatureMatrix<double>.FromRows([[0.0], [1.0], [9.0]]));
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(model))!;
        root["payload"]!["distinctClusterCount"] = distinct;

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(root.ToJsonString()));

        Assert.Contains("distinctClusterCount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KMeans_DistinctClusterCountDisagreesWithLabels_ThrowsInvalidData()
    {
        KMeansModel<double> model = new KMeans(2).Fit(FeatureMatrix<double>.FromRows([[0.0], [1.0], [9.0]]));
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(model, s_withLabels))!;
        root["payload"]!["labels"] = new JsonArray(0, 0, 0);

        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(root.ToJsonString()));
    }

    [Fact]
    public void KMeans_MissingDistinctClusterCount_ThrowsInvalidData()
    {
        KMeansModel<double> model = new KMeans(2).Fit(FeatureMatrix<double>.FromRows([[0.0], [1.0], [9.0]]));
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(model))!;
        root["payload"]!.AsObject().Remove("distinctClusterCount");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(root.ToJsonString()));

        Assert.Contains("distinctClusterCount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hierarchical_DefaultSave_OmitsLabelsAndLoadsWithEmptyLabels()
    {
        FeatureMatrix<double> x = TestData.Uniform(300, 3, 5);
        HierarchicalModel<double> model = new HierarchicalClustering<double>(new HierarchicalOptions { ClusterCount = 3, Linkage = Linkage.Ward }).Fit(x);
        string json = ModelPersistence.ToJson(model);

        HierarchicalModel<double> back = ModelPersistence.FromJson<HierarchicalModel<double>>(json);

        Assert.Null(JsonNode.Parse(json)!["payload"]!["labels"]);
        Assert.True(back.Labels.IsEmpty);
        var expected = new int[x.RowCount];
        var actual = new int[x.RowCount];
        model.Predict(x, expected);
        back.Predict(x, actual);
        Assert.Equal(expected, actual);
        Assert.True(Encoding.UTF8.GetByteCount(json) < Encoding.UTF8.GetByteCount(ModelPersistence.ToJson(model, s_withLabels)));
    }

    [Fact]
    public void Hierarchical_IncludeTrainingLabelsAndFormatOne_RoundTripLabels()
    {
        FeatureMatrix<double> x = TestData.Uniform(60, 2, 6);
        HierarchicalModel<double> model = new HierarchicalClustering<double>(new HierarchicalOptions { ClusterCount = 4, Linkage = Linkage.Average }).Fit(x);
        string json = ModelPersistence.ToJson(model, s_withLabels);

        HierarchicalModel<double> back = ModelPersistence.FromJson<HierarchicalModel<double>>(json);
        HierarchicalModel<double> old = ModelPersistence.FromJson<HierarchicalModel<double>>(FormatOne(json, null));

        Assert.Equal(model.Labels.ToArray(), back.Labels.ToArray());
        Assert.Equal(model.Labels.ToArray(), old.Labels.ToArray());
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<HierarchicalModel<double>>(FormatOne(ModelPersistence.ToJson(model), null)));
    }

    [Fact]
    public void MiniBatch_HasNoTrainingLabelsToSave()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(20_000, 4, 3, 15);
        MiniBatchKMeansModel<double> model = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 3, Seed = 1 }).Fit(data);

        string json = ModelPersistence.ToJson(model);

        Assert.True(model.Labels.IsEmpty);
        Assert.Equal(json, ModelPersistence.ToJson(model, s_withLabels));
        Assert.True(Encoding.UTF8.GetByteCount(json) < 4 * 1024);
    }

    /// <summary>Rewrites a saved file as format version 1 (as an older build wrote it), removing a field version 1 did not have.</summary>
    private static string FormatOne(string json, string? removeFromPayload)
    {
        JsonNode root = JsonNode.Parse(json)!;
        root["formatVersion"] = 1;
        if (removeFromPayload is not null)
        {
            root["payload"]!.AsObject().Remove(removeFromPayload);
        }

        return root.ToJsonString();
    }
}
