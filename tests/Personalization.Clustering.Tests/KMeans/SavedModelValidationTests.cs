using System.Text.Json.Nodes;
using Personalization.Persistence;

namespace Personalization.Clustering.Tests;

/// <summary>Every number and shape of a saved clustering model is checked on load (issue 16, class 6).</summary>
public sealed class SavedModelValidationTests
{
    private static readonly FeatureMatrix<double> s_data = FeatureMatrix<double>.FromRows([[0.0, 0.0], [0.5, 0.1], [5.0, 5.0], [5.5, 4.9], [9.0, 0.0], [9.2, 0.4]], ["x", "y"]);

    private static string Mutate<TModel>(TModel model, Action<JsonNode> change)
        where TModel : IPersistableModel<TModel>
    {
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(model))!;
        change(root["payload"]!);
        return root.ToJsonString();
    }

    private static KMeansModel<double> KMeansModel() => new KMeans(new KMeansOptions { ClusterCount = 3, Seed = 1 }).Fit(s_data);

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void KMeans_NonFiniteCentroid_ThrowsNamingCentroids(string bad)
    {
        string json = Mutate(KMeansModel(), p => p["centroids"]!["values"]![3] = bad);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(json));

        Assert.Contains("\"centroids\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 1, column 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KMeans_FloatCentroidBeyondFloatRange_Throws()
    {
        KMeansModel<float> model = new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 1 }).Fit(s_data.Convert<float>());
        string json = Mutate(model, p => p["centroids"]!["values"]![0] = 1e300);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<float>>(json));

        Assert.Contains("\"centroids\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void KMeans_ClusterCountDisagreesWithCentroidRows_ThrowsNamingBoth(int clusterCount)
    {
        string json = Mutate(KMeansModel(), p => p["options"]!["clusterCount"] = clusterCount);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(json));

        Assert.Contains("\"centroids\" rows", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"clusterCount\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxIterations", 0)]
    [InlineData("restarts", -1)]
    [InlineData("clusterCount", 0)]
    public void KMeans_OptionOutOfRange_ThrowsNamingTheOption(string field, int value)
    {
        string json = Mutate(KMeansModel(), p => p["options"]![field] = value);

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(json));

        Assert.Contains(char.ToUpperInvariant(field[0]) + field[1..], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KMeans_NaNInertia_ThrowsNamingInertia()
    {
        string json = Mutate(KMeansModel(), p => p["inertia"] = "NaN");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(json));

        Assert.Contains("\"inertia\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KMeans_LabelOutOfRange_Throws()
    {
        string json = Mutate(KMeansModel(), p => p["labels"] = new JsonArray(0, 3, 1));

        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(json));
    }

    [Fact]
    public void KMeans_ValidModel_RoundTripsAndPredictsTheSame()
    {
        KMeansModel<double> model = KMeansModel();

        KMeansModel<double> back = ModelPersistence.FromJson<KMeansModel<double>>(ModelPersistence.ToJson(model));

        Assert.Equal(model.Predict(s_data), back.Predict(s_data));
    }

    [Fact]
    public void MiniBatch_NaNCount_Throws()
    {
        MiniBatchKMeansModel<double> model = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 2, BatchSize = 4, Seed = 1 }).Fit(s_data);
        string json = Mutate(model, p => p["counts"]![1] = "NaN");

        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<MiniBatchKMeansModel<double>>(json));

        Assert.Contains("\"counts\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MiniBatch_InfiniteCentroid_Throws()
    {
        MiniBatchKMeansModel<double> model = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 2, BatchSize = 4, Seed = 1 }).Fit(s_data);
        string json = Mutate(model, p => p["centroids"]!["values"]![0] = "Infinity");

        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<MiniBatchKMeansModel<double>>(json));
    }

    [Fact]
    public void Hierarchical_NaNCentroidOrClusterCountMismatch_Throws()
    {
        HierarchicalModel<double> model = new HierarchicalClustering<double>(new HierarchicalOptions { ClusterCount = 2 }).Fit(s_data);

        var nan = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<HierarchicalModel<double>>(Mutate(model, p => p["centroids"]!["values"]![1] = "NaN")));
        var count = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<HierarchicalModel<double>>(Mutate(model, p => p["clusterCount"] = 3)));

        Assert.Contains("\"centroids\"", nan.Message, StringComparison.Ordinal);
        Assert.Contains("\"clusterCount\"", count.Message, StringComparison.Ordinal);
    }
}
