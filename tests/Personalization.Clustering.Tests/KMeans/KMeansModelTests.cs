using Personalization.Persistence;

namespace Personalization.Clustering.Tests;

public sealed class KMeansModelTests
{
    [Fact]
    public void SaveLoad_Float_RoundTripsBitIdentically()
    {
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(2000, 7, 4, 5);
        KMeansModel<float> model = new KMeans(new KMeansOptions { ClusterCount = 4, Seed = 3 }).Fit(data);
        string json = ModelPersistence.ToJson(model);
        KMeansModel<float> back = ModelPersistence.FromJson<KMeansModel<float>>(json);
        Assert.True(model.Centroids.AsSpan().SequenceEqual(back.Centroids.AsSpan()));
        Assert.True(back.Labels.IsEmpty);
        Assert.Equal(model.DistinctClusterCount, back.DistinctClusterCount);
        Assert.Equal(BitConverter.DoubleToInt64Bits(model.Inertia), BitConverter.DoubleToInt64Bits(back.Inertia));
        Assert.Equal(model.Iterations, back.Iterations);
        Assert.Equal(model.Converged, back.Converged);
        Assert.Equal(model.Options, back.Options);
        Assert.Equal(model.Predict(data), back.Predict(data));
        Assert.Equal(json, ModelPersistence.ToJson(back));
    }

    [Fact]
    public void SaveLoad_DoubleWithInitialCentroids_RoundTripsBitIdentically()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(500, 3, 3, 6);
        var options = new KMeansOptions { ClusterCount = 3, Initialization = KMeansInitialization.Given, InitialCentroids = KMeansTestData.FirstRows(data, 3), Algorithm = KMeansAlgorithm.Hamerly };
        KMeansModel<double> model = new KMeans(options).Fit(data);
        string json = ModelPersistence.ToJson(model);
        KMeansModel<double> back = ModelPersistence.FromJson<KMeansModel<double>>(json);
        Assert.True(model.Centroids.AsSpan().SequenceEqual(back.Centroids.AsSpan()));
        Assert.True(options.InitialCentroids!.AsSpan().SequenceEqual(back.Options.InitialCentroids!.AsSpan()));
        Assert.Equal(KMeansAlgorithm.Hamerly, back.Options.Algorithm);
        Assert.Equal(json, ModelPersistence.ToJson(back));
    }

    [Fact]
    public void FromCentroids_FittedState_PredictsAndRoundTripsAsTheFittedModel()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(600, 3, 3, 8);
        KMeansModel<double> fitted = new KMeans(new KMeansOptions { ClusterCount = 3, Seed = 5 }).Fit(data);
        var model = KMeansModel<double>.FromCentroids(fitted.Options, fitted.Centroids, fitted.Inertia, fitted.Iterations, fitted.Converged, fitted.DistinctClusterCount);
        Assert.True(model.Labels.IsEmpty);
        Assert.Equal(fitted.Predict(data), model.Predict(data));
        Assert.Equal(fitted.Inertia, model.Inertia);
        Assert.Equal(fitted.Iterations, model.Iterations);
        Assert.Equal(fitted.Converged, model.Converged);
        Assert.Equal(fitted.DistinctClusterCount, model.DistinctClusterCount);
        Assert.Equal(ModelPersistence.ToJson(fitted), ModelPersistence.ToJson(model));
        Assert.Equal(2, KMeansModel<double>.FromCentroids(fitted.Options, fitted.Centroids, 0, 0, false, 2).DistinctClusterCount);
    }

    [Fact]
    public void FromCentroids_InvalidState_ThrowsNamingTheParameter()
    {
        var options = new KMeansOptions { ClusterCount = 2, MaxIterations = 10 };
        var centroids = FeatureMatrix<double>.FromRows([[0.0, 1], [2, 3]], ["a", "b"]);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => KMeansModel<double>.FromCentroids(null!, centroids, 1, 1, true, 2)).ParamName);
        Assert.Equal("centroids", Assert.Throws<ArgumentNullException>(() => KMeansModel<double>.FromCentroids(options, null!, 1, 1, true, 2)).ParamName);
        Assert.Equal("options.ClusterCount", Assert.Throws<ArgumentOutOfRangeException>(() => KMeansModel<double>.FromCentroids(options with { ClusterCount = 0 }, centroids, 1, 1, true, 2)).ParamName);
        Assert.Equal("centroids", Assert.Throws<ArgumentException>(() => KMeansModel<double>.FromCentroids(options with { ClusterCount = 3 }, centroids, 1, 1, true, 2)).ParamName);
        var infinite = FeatureMatrix<double>.FromRows([[0.0, 1], [double.PositiveInfinity, 3]], ["a", "b"]);
        Assert.Equal("centroids", Assert.Throws<ArgumentException>(() => KMeansModel<double>.FromCentroids(options, infinite, 1, 1, true, 2)).ParamName);
        var huge = FeatureMatrix<double>.FromRows([[0.0, 1], [1e200, 3]], ["a", "b"]);
        Assert.Contains("squared norm", Assert.Throws<ArgumentException>(() => KMeansModel<double>.FromCentroids(options, huge, 1, 1, true, 2)).Message, StringComparison.Ordinal);
        var initial = FeatureMatrix<double>.FromRows([[0.0], [1]], ["a"]);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => KMeansModel<double>.FromCentroids(options with { InitialCentroids = initial, Initialization = KMeansInitialization.Given }, centroids, 1, 1, true, 2)).ParamName);
        Assert.Equal("inertia", Assert.Throws<ArgumentOutOfRangeException>(() => KMeansModel<double>.FromCentroids(options, centroids, double.NaN, 1, true, 2)).ParamName);
        Assert.Equal("inertia", Assert.Throws<ArgumentOutOfRangeException>(() => KMeansModel<double>.FromCentroids(options, centroids, -1, 1, true, 2)).ParamName);
        Assert.Equal("iterations", Assert.Throws<ArgumentOutOfRangeException>(() => KMeansModel<double>.FromCentroids(options, centroids, 1, 11, true, 2)).ParamName);
        Assert.Equal("iterations", Assert.Throws<ArgumentOutOfRangeException>(() => KMeansModel<double>.FromCentroids(options, centroids, 1, -1, true, 2)).ParamName);
        Assert.Equal("distinctClusterCount", Assert.Throws<ArgumentOutOfRangeException>(() => KMeansModel<double>.FromCentroids(options, centroids, 1, 1, true, 0)).ParamName);
        Assert.Equal("distinctClusterCount", Assert.Throws<ArgumentOutOfRangeException>(() => KMeansModel<double>.FromCentroids(options, centroids, 1, 1, true, 3)).ParamName);
    }

    [Fact]
    public void Load_OtherElementType_ThrowsInvalidData()
    {
        KMeansModel<float> model = new KMeans(2).Fit(FeatureMatrix<float>.FromRows([[0f], [1f], [9f]]));
        string json = ModelPersistence.ToJson(model);
        var ex = Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(json));
        Assert.Contains("KMeansModel<float>", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"labels\": [", "\"labels\": [7, ")]
    [InlineData("\"initialization\": \"KMeansPlusPlus\"", "\"initialization\": \"Magic\"")]
    [InlineData("\"converged\": ", "\"convergedX\": ")]
    public void Load_CorruptPayload_ThrowsInvalidData(string find, string replace)
    {
        KMeansModel<double> model = new KMeans(2).Fit(FeatureMatrix<double>.FromRows([[0.0], [1.0], [9.0]]));
        string json = ModelPersistence.ToJson(model, new ModelSaveOptions { IncludeTrainingLabels = true }).Replace(find, replace, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<KMeansModel<double>>(json));
    }

    [Fact]
    public void Predict_TrainingData_ReproducesLabels()
    {
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(20_000, 16, 8, 9);
        KMeansModel<float> model = new KMeans(new KMeansOptions { ClusterCount = 8, Seed = 1 }).Fit(data);
        Assert.Equal(model.Labels.ToArray(), model.Predict(data));
        Assert.Equal(8, model.ClusterCount);
        Assert.Equal(16, model.FeatureCount);
        Assert.Equal("KMeansModel", model.ModelType);
    }

    [Fact]
    public void TransformAndScore_MatchBruteForce()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(3000, 5, 4, 10);
        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 4, Seed = 2 }).Fit(data);
        FeatureMatrix<double> distances = model.Transform(data);
        Assert.Equal(data.RowCount, distances.RowCount);
        Assert.Equal(4, distances.ColumnCount);
        double inertia = 0;
        for (int r = 0; r < data.RowCount; r++)
        {
            double best = double.PositiveInfinity;
            for (int c = 0; c < 4; c++)
            {
                double expected = Math.Sqrt(KMeansTestData.Distance(data.Row(r), model.Centroids.Row(c)));
                Assert.Equal(expected, distances[r, c], 1e-9);
                best = Math.Min(best, expected * expected);
            }

            inertia += best;
        }

        Assert.Equal(model.Inertia, inertia, 1e-6 * inertia);
        Assert.Equal(-inertia, model.Score(data), 1e-6 * inertia);
        var weights = new double[data.RowCount];
        weights.AsSpan().Fill(2.0);
        Assert.Equal(-2 * inertia, model.Score(data, weights), 1e-6 * inertia);
    }

    [Fact]
    public void Fit_BlobsWithRestarts_RecoversTheTrueClusters()
    {
        foreach (KMeansInitialization init in new[] { KMeansInitialization.KMeansPlusPlus, KMeansInitialization.KMeansParallel, KMeansInitialization.Random })
        {
            (FeatureMatrix<double> data, int[] truth) = KMeansTestData.Blobs<double>(5000, 6, 5, 11, spread: 20);
            KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 5, Restarts = 5, Seed = 4, Initialization = init }).Fit(data);
            Assert.True(TestData.SamePartition(model.Labels, truth), $"{init} did not recover the blobs.");
            Assert.True(model.Converged);
        }
    }

    [Fact]
    public void Fit_EmptyClusterAtStart_IsReseededFromFarthestPoint()
    {
        var data = FeatureMatrix<double>.FromRows([[0.0], [0.1], [0.2], [10.0], [10.1], [30.0]]);
        var start = FeatureMatrix<double>.FromRows([[0.1], [10.0], [1000.0]]);
        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 3, Tolerance = 0 }).Fit(data, start);
        Assert.Equal([0, 0, 0, 1, 1, 2], model.Labels.ToArray());
        Assert.Equal(30.0, model.Centroids[2, 0]);
    }

    [Fact]
    public void Fit_ReportsProgressPerIterationAndRestart()
    {
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(1000, 4, 3, 12);
        var reports = new List<FitProgress>();
        var progress = new SyncProgress(reports.Add);
        KMeansModel<float> model = new KMeans(new KMeansOptions { ClusterCount = 3, Restarts = 2 }, progress).Fit(data);
        Assert.Equal(2, reports.Count(r => r.Stage == "Restart"));
        Assert.True(reports.Count(r => r.Stage == "Lloyd") >= model.Iterations);
        Assert.All(reports.Where(r => r.Stage == "Lloyd"), r => Assert.True(r.Metric >= 0 && r.Step >= 1 && r.TotalSteps == 300));
    }

    [Fact]
    public void Fit_CancelledDuringIterations_ThrowsOperationCanceled()
    {
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(5000, 4, 30, 13);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(r =>
        {
            if (r.Step == 2)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new KMeans(new KMeansOptions { ClusterCount = 30, Tolerance = 0 }, progress).Fit(data, cts.Token));
    }

    [Fact]
    public void Interfaces_WarmStartAndWithClusterCount_Work()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(600, 2, 3, 14);
        IWarmStartClusterer<double> clusterer = new KMeans(3);
        ICentroidClusteringModel<double> first = clusterer.Fit(data, KMeansTestData.FirstRows(data, 3));
        ICentroidClusteringModel<double> again = clusterer.Fit(data, first.Centroids);
        Assert.True(first.Centroids.AsSpan().SequenceEqual(again.Centroids.AsSpan()));
        IClusterer<double> four = clusterer.WithClusterCount(4);
        Assert.Equal(4, four.ClusterCount);
        Assert.Equal(4, four.Fit(data).ClusterCount);
        IClusterer<float> floats = new KMeans(2);
        Assert.Equal(2, floats.Fit(data.Convert<float>()).ClusterCount);
    }

    [Fact]
    public void Fit_Twice_GivesIdenticalModels()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(3000, 4, 6, 15);
        var estimator = new KMeans(new KMeansOptions { ClusterCount = 6, Seed = 99, Restarts = 3 });
        KMeansModel<double> a = estimator.Fit(data);
        KMeansModel<double> b = estimator.Fit(data);
        Assert.Equal(ModelPersistence.ToJson(a), ModelPersistence.ToJson(b));
    }

    private sealed class SyncProgress(Action<FitProgress> report) : IProgress<FitProgress>
    {
        public void Report(FitProgress value) => report(value);
    }
}
