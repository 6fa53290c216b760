using Personalization.Persistence;

namespace Personalization.Clustering.Tests;

public sealed class MiniBatchKMeansTests
{
    [Fact]
    public void Fit_SeparatedBlobs_RecoversTheClusters()
    {
        (FeatureMatrix<float> data, int[] truth) = KMeansTestData.Blobs<float>(20_000, 8, 5, 21, spread: 25);
        MiniBatchKMeansModel<float> model = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 5, Seed = 3 }).Fit(data);
        int[] labels = model.Predict(data);
        double full = new KMeans(new KMeansOptions { ClusterCount = 5, Seed = 3, Restarts = 3 }).Fit(data).Inertia;
        double mini = -new KMeans(5).Fit(data, model.Centroids).Score(data);
        Assert.True(TestData.SamePartition(labels, truth) || mini <= full * 1.05, "mini-batch should find the blobs or come close to the full fit");
        Assert.Equal(5, model.ClusterCount);
        Assert.True(model.Labels.IsEmpty);
        Assert.Equal(20_000 * 3, model.Counts.ToArray().Sum(), 6);
    }

    [Fact]
    public void PartialFit_OverStreamedBatches_EqualsFitOnTheSameEnumerable()
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(5000, 4, 4, 22);
        var batches = new List<FeatureMatrix<double>>();
        for (int start = 0; start < data.RowCount; start += 500)
        {
            batches.Add(data.SelectRows(Enumerable.Range(start, 500).ToArray()));
        }

        var estimator = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 4, Seed = 1 });
        MiniBatchKMeansModel<double>? stepwise = null;
        foreach (FeatureMatrix<double> batch in batches)
        {
            stepwise = estimator.PartialFit(stepwise, batch);
        }

        MiniBatchKMeansModel<double> streamed = estimator.Fit(batches);
        Assert.True(stepwise!.Centroids.AsSpan().SequenceEqual(streamed.Centroids.AsSpan()));
        Assert.Equal(10, streamed.BatchesSeen);
    }

    [Fact]
    public void SaveLoad_RoundTripsBitIdentically()
    {
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(3000, 3, 3, 23);
        MiniBatchKMeansModel<float> model = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 3, BatchSize = 256 }).Fit(data);
        string json = ModelPersistence.ToJson(model);
        MiniBatchKMeansModel<float> back = ModelPersistence.FromJson<MiniBatchKMeansModel<float>>(json);
        Assert.True(model.Centroids.AsSpan().SequenceEqual(back.Centroids.AsSpan()));
        Assert.True(model.Counts.SequenceEqual(back.Counts));
        Assert.Equal(model.BatchesSeen, back.BatchesSeen);
        Assert.Equal(json, ModelPersistence.ToJson(back));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<MiniBatchKMeansModel<double>>(json));
    }

    [Fact]
    public void Fit_BadInput_Throws()
    {
        var estimator = new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 3 });
        Assert.Throws<ArgumentException>(() => estimator.Fit(Array.Empty<FeatureMatrix<double>>()));
        Assert.Throws<ArgumentNullException>(() => estimator.Fit((IEnumerable<FeatureMatrix<double>>)null!));
        Assert.Throws<ArgumentException>(() => estimator.PartialFit(null, FeatureMatrix<double>.FromRows([[1.0], [2.0]])));
        MiniBatchKMeansModel<double> model = estimator.PartialFit(null, FeatureMatrix<double>.FromRows([[1.0], [2.0], [3.0]]));
        Assert.Throws<ArgumentException>(() => estimator.PartialFit(model, FeatureMatrix<double>.FromRows([[1.0, 2.0]])));
        Assert.Throws<ArgumentException>(() => estimator.PartialFit(model, FeatureMatrix<double>.FromRows([[double.NaN]])));
        Assert.Throws<ArgumentNullException>(() => estimator.PartialFit<double>(model, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatchKMeans(new MiniBatchKMeansOptions { BatchSize = 0 }).Fit(FeatureMatrix<double>.FromRows([[1.0]])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatchKMeans(new MiniBatchKMeansOptions { Epochs = 0 }).Fit(FeatureMatrix<double>.FromRows([[1.0]])));
        Assert.Throws<ArgumentNullException>(() => new MiniBatchKMeans(null!));
        Assert.Throws<ArgumentException>(() => model.Predict(FeatureMatrix<double>.FromRows([[1.0, 2.0]])));
    }
}
