using FsCheck;
using FsCheck.Xunit;

namespace Personalization.Clustering.Tests;

/// <summary>Invariants of K-Means, checked on seeded random blobs.</summary>
public sealed class KMeansPropertyTests
{
    [Property(MaxTest = 25)]
    public bool Lloyd_InertiaNeverIncreasesAcrossIterations(PositiveInt seed)
    {
        int k = 2 + (seed.Get % 6);
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(300, 3, k + 1, seed.Get, spread: 3);
        FeatureMatrix<double> start = KMeansTestData.FirstRows(data, k);
        double previous = double.PositiveInfinity;
        for (int iterations = 1; iterations <= 8; iterations++)
        {
            var options = new KMeansOptions { ClusterCount = k, MaxIterations = iterations, Tolerance = 0, Initialization = KMeansInitialization.Given, InitialCentroids = start };
            double inertia = new KMeans(options).Fit(data).Inertia;
            if (inertia > previous * (1 + 1e-12))
            {
                return false;
            }

            previous = inertia;
        }

        return true;
    }

    [Property(MaxTest = 25)]
    public bool Fit_EveryLabelIsTheNearestCentroid(PositiveInt seed)
    {
        int k = 1 + (seed.Get % 9);
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(500, 1 + (seed.Get % 20), 5, seed.Get);
        KMeansModel<float> model = new KMeans(new KMeansOptions { ClusterCount = k, Seed = seed.Get }).Fit(data);
        for (int r = 0; r < data.RowCount; r++)
        {
            double own = KMeansTestData.Distance(data.Row(r), model.Centroids.Row(model.Labels[r]));
            for (int c = 0; c < k; c++)
            {
                if (KMeansTestData.Distance(data.Row(r), model.Centroids.Row(c)) < own - (1e-4 * (1 + own)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 20)]
    public bool Fit_PermutingRows_KeepsThePartition(PositiveInt seed)
    {
        int k = 2 + (seed.Get % 5);
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(400, 4, k, seed.Get);
        FeatureMatrix<double> start = KMeansTestData.FirstRows(data, k);
        var permutation = new int[data.RowCount];
        for (int i = 0; i < permutation.Length; i++)
        {
            permutation[i] = i;
        }

        new Random(seed.Get).Shuffle(permutation);
        FeatureMatrix<double> shuffled = data.SelectRows(permutation);
        var options = new KMeansOptions { ClusterCount = k, Tolerance = 0, Initialization = KMeansInitialization.Given, InitialCentroids = start };
        KMeansModel<double> a = new KMeans(options).Fit(data);
        KMeansModel<double> b = new KMeans(options).Fit(shuffled);
        var back = new int[data.RowCount];
        for (int i = 0; i < permutation.Length; i++)
        {
            back[permutation[i]] = b.Labels[i];
        }

        return TestData.SamePartition(a.Labels, back) && Math.Abs(a.Inertia - b.Inertia) <= 1e-9 * a.Inertia;
    }

    [Property(MaxTest = 2)]
    public bool Fit_SameSeed_IdenticalModelForAnyThreadCount(PositiveInt seed)
    {
        // Large enough (n * d >= 2^20) that the passes really run on several threads.
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(56_000, 20, 6, seed.Get);
        foreach (KMeansInitialization init in new[] { KMeansInitialization.KMeansPlusPlus, KMeansInitialization.KMeansParallel })
        {
            foreach (KMeansAlgorithm algorithm in new[] { KMeansAlgorithm.Lloyd, KMeansAlgorithm.Hamerly })
            {
                var options = new KMeansOptions { ClusterCount = 6, Seed = seed.Get, Restarts = 2, Initialization = init, Algorithm = algorithm, MaxDegreeOfParallelism = 1 };
                KMeansModel<float> one = new KMeans(options).Fit(data);
                foreach (int threads in new[] { 2, 3 })
                {
                    KMeansModel<float> many = new KMeans(options with { MaxDegreeOfParallelism = threads }).Fit(data);
                    if (!one.Centroids.AsSpan().SequenceEqual(many.Centroids.AsSpan()) || !one.Labels.SequenceEqual(many.Labels)
                        || BitConverter.DoubleToInt64Bits(one.Inertia) != BitConverter.DoubleToInt64Bits(many.Inertia) || one.Iterations != many.Iterations)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 15)]
    public bool Hamerly_SameLabelsAndCentroidsAsLloyd(PositiveInt seed)
    {
        int k = 2 + (seed.Get % 20);
        (FeatureMatrix<float> data, _) = KMeansTestData.Blobs<float>(3000, 1 + (seed.Get % 12), 12, seed.Get);
        var options = new KMeansOptions { ClusterCount = k, Seed = seed.Get, Tolerance = 0 };
        KMeansModel<float> lloyd = new KMeans(options).Fit(data);
        KMeansModel<float> hamerly = new KMeans(options with { Algorithm = KMeansAlgorithm.Hamerly }).Fit(data);
        return lloyd.Labels.SequenceEqual(hamerly.Labels) && lloyd.Centroids.AsSpan().SequenceEqual(hamerly.Centroids.AsSpan())
            && lloyd.Iterations == hamerly.Iterations;
    }

    [Property(MaxTest = 10)]
    public bool Fit_IntegerWeights_EqualDuplicatedRows(PositiveInt seed)
    {
        (FeatureMatrix<double> data, _) = KMeansTestData.Blobs<double>(200, 3, 3, seed.Get);
        var rng = new Random(seed.Get);
        var weights = new double[data.RowCount];
        var repeated = new List<int>();
        for (int r = 0; r < data.RowCount; r++)
        {
            weights[r] = rng.Next(1, 4);
            for (int t = 0; t < weights[r]; t++)
            {
                repeated.Add(r);
            }
        }

        FeatureMatrix<double> start = KMeansTestData.FirstRows(data, 3);
        var options = new KMeansOptions { ClusterCount = 3, Tolerance = 0, Initialization = KMeansInitialization.Given, InitialCentroids = start };
        KMeansModel<double> weighted = new KMeans(options).Fit(data, weights);
        KMeansModel<double> duplicated = new KMeans(options).Fit(data.SelectRows(repeated.ToArray()));
        ReadOnlySpan<double> a = weighted.Centroids.AsSpan();
        ReadOnlySpan<double> b = duplicated.Centroids.AsSpan();
        for (int i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > 1e-9 * (1 + Math.Abs(b[i])))
            {
                return false;
            }
        }

        return Math.Abs(weighted.Inertia - duplicated.Inertia) <= 1e-9 * duplicated.Inertia;
    }
}
