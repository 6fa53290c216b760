namespace Personalization.Clustering.Tests;

/// <summary>Degenerate fits are reported (issue 16, class 5): empty clusters are flagged, overflow is an error.</summary>
public sealed class KMeansDegenerateFitTests
{
    private static FeatureMatrix<double> Repeated(int rows, params double[][] distinct)
    {
        var list = new List<double[]>();
        for (int r = 0; r < rows; r++)
        {
            list.Add(distinct[r % distinct.Length]);
        }

        return FeatureMatrix<double>.FromRows(list, ["x", "y"]);
    }

    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd, KMeansInitialization.KMeansPlusPlus)]
    [InlineData(KMeansAlgorithm.Hamerly, KMeansInitialization.KMeansPlusPlus)]
    [InlineData(KMeansAlgorithm.Lloyd, KMeansInitialization.Random)]
    [InlineData(KMeansAlgorithm.Lloyd, KMeansInitialization.KMeansParallel)]
    public void Fit_IdenticalRows_FlagsOneDistinctCluster(KMeansAlgorithm algorithm, KMeansInitialization initialization)
    {
        FeatureMatrix<double> data = Repeated(20, [3.0, 4.0]);

        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 3, Seed = 7, Algorithm = algorithm, Initialization = initialization }).Fit(data);

        Assert.Equal(3, model.ClusterCount);
        Assert.Equal(1, model.DistinctClusterCount);
        Assert.True(model.IsDegenerate);
        Assert.Equal(0, model.Inertia);
    }

    [Fact]
    public void Fit_FewerDistinctRowsThanClusters_DistinctCountIsTheDistinctRows()
    {
        FeatureMatrix<double> data = Repeated(30, [0.0, 0.0], [10.0, 10.0]);

        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 4, Seed = 1 }).Fit(data);

        Assert.Equal(2, model.DistinctClusterCount);
        Assert.True(model.IsDegenerate);
    }

    [Fact]
    public void Fit_EnoughDistinctRows_IsNotDegenerate()
    {
        FeatureMatrix<double> data = Repeated(30, [0.0, 0.0], [10.0, 10.0], [0.0, 10.0]);

        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 3, Seed = 1 }).Fit(data);

        Assert.Equal(3, model.DistinctClusterCount);
        Assert.False(model.IsDegenerate);
    }

    [Fact]
    public void Fit_DegenerateModel_RoundTripsTheFlag()
    {
        FeatureMatrix<double> data = Repeated(12, [1.0, 2.0]);
        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 3 }).Fit(data);

        KMeansModel<double> loaded = Persistence.ModelPersistence.FromJson<KMeansModel<double>>(Persistence.ModelPersistence.ToJson(model));

        Assert.True(loaded.IsDegenerate);
        Assert.Equal(1, loaded.DistinctClusterCount);
    }

    [Theory]
    [InlineData(1e160)]
    [InlineData(1e300)]
    public void Fit_SquaredDistancesOverflow_ThrowsArgumentException(double scale)
    {
        FeatureMatrix<double> data = FeatureMatrix<double>.FromRows([[-scale, 0.0], [scale, 1.0], [-scale, 2.0], [scale, 3.0], [0.0, 4.0]], ["x", "y"]);

        var ex = Assert.Throws<ArgumentException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 1 }).Fit(data));

        Assert.Contains("overflow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("scale", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_FloatSquaredDistancesOverflow_ThrowsArgumentException()
    {
        FeatureMatrix<float> data = FeatureMatrix<float>.FromRows([[-3e19f, 0f], [3e19f, 1f], [-3e19f, 2f], [3e19f, 3f]]);

        var ex = Assert.Throws<ArgumentException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 1 }).Fit(data));

        Assert.Contains("overflow", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MiniBatch_CentroidUpdateOverflows_ThrowsArgumentException()
    {
        // Finite floats whose sum in a batch overflows float: 3e38 + 3e38.
        FeatureMatrix<float> data = FeatureMatrix<float>.FromRows([[3e38f, 0f], [3e38f, 0f], [3e38f, 0f], [-3e38f, 1f]]);

        var ex = Assert.Throws<ArgumentException>(() => new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 1, BatchSize = 4, Seed = 1 }).Fit(data));

        Assert.Contains("overflow", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_FloatModelWithBigArrays_IsBitIdentical()
    {
        var rng = new Random(5);
        var rows = new List<float[]>();
        for (int r = 0; r < 400; r++)
        {
            rows.Add([.. Enumerable.Range(0, 8).Select(_ => (float)((rng.NextDouble() * 2e-3) - 1e-3 + (r % 7)))]);
        }

        KMeansModel<float> model = new KMeans(new KMeansOptions { ClusterCount = 10, Seed = 2 }).Fit(FeatureMatrix<float>.FromRows(rows));

        KMeansModel<float> back = Persistence.ModelPersistence.FromJson<KMeansModel<float>>(Persistence.ModelPersistence.ToJson(model, new Persistence.ModelSaveOptions { IncludeTrainingLabels = true }));

        Assert.Equal(model.Centroids.AsSpan().ToArray(), back.Centroids.AsSpan().ToArray());
        Assert.Equal(model.Labels.ToArray(), back.Labels.ToArray());
    }

    [Fact]
    public void Load_CentroidNormsOverflow_ThrowsInvalidData()
    {
        // A loaded model may hold finite centroids whose squared norms overflow (1e200^2); no centroid is then nearest.
        KMeansModel<double> fitted = new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 1 }).Fit(Repeated(10, [0.0, 0.0], [1.0, 1.0]));
        var root = System.Text.Json.Nodes.JsonNode.Parse(Persistence.ModelPersistence.ToJson(fitted))!;
        root["payload"]!["centroids"]!["values"] = new System.Text.Json.Nodes.JsonArray(1e200, 1e200, -1e200, 1e200);

        var ex = Assert.Throws<InvalidDataException>(() => Persistence.ModelPersistence.FromJson<KMeansModel<double>>(root.ToJsonString()));

        Assert.Contains("\"centroids\" has row 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("overflows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MiniBatch_IdenticalRows_FlagsOneDistinctCluster()
    {
        MiniBatchKMeansModel<double> model = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 3, BatchSize = 8, Seed = 1 }).Fit(Repeated(24, [2.0, 2.0]));

        Assert.Equal(1, model.DistinctClusterCount);
        Assert.True(model.IsDegenerate);
    }

    [Fact]
    public void MiniBatch_DistinctData_IsNotDegenerate()
    {
        MiniBatchKMeansModel<double> model = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 3, BatchSize = 8, Seed = 1 }).Fit(Repeated(24, [0.0, 0.0], [10.0, 0.0], [0.0, 10.0]));

        Assert.Equal(3, model.DistinctClusterCount);
        Assert.False(model.IsDegenerate);
    }
}
