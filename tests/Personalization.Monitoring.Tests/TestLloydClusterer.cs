namespace Personalization.Monitoring.Tests;

/// <summary>
/// A tiny test-only warm-startable Lloyd clusterer. With <c>permutation</c> it returns its clusters
/// in a permuted order, like a clusterer whose ids are arbitrary, to prove the refresh re-matches ids.
/// </summary>
internal sealed class TestLloydClusterer(int clusterCount, int[]? permutation = null) : IWarmStartClusterer<double>
{
    public int ClusterCount { get; } = clusterCount;

    public IClusterer<double> WithClusterCount(int count) => new TestLloydClusterer(count);

    public IClusteringModel<double> Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        var first = new int[ClusterCount];
        for (int i = 0; i < first.Length; i++)
        {
            first[i] = i;
        }

        return Fit(input, input.SelectRows(first), cancellationToken);
    }

    public ICentroidClusteringModel<double> Fit(FeatureMatrix<double> data, FeatureMatrix<double> initialCentroids, CancellationToken cancellationToken = default)
    {
        int k = initialCentroids.RowCount;
        int d = data.ColumnCount;
        double[] centroids = initialCentroids.AsSpan().ToArray();
        var labels = new int[data.RowCount];
        for (int iteration = 0; iteration < 100; iteration++)
        {
            bool changed = false;
            for (int r = 0; r < data.RowCount; r++)
            {
                int best = 0;
                double bestDistance = double.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    double s = 0;
                    for (int j = 0; j < d; j++)
                    {
                        double diff = data[r, j] - centroids[(c * d) + j];
                        s += diff * diff;
                    }

                    if (s < bestDistance)
                    {
                        bestDistance = s;
                        best = c;
                    }
                }

                changed |= labels[r] != best || iteration == 0;
                labels[r] = best;
            }

            var sums = new double[k * d];
            var counts = new int[k];
            for (int r = 0; r < data.RowCount; r++)
            {
                counts[labels[r]]++;
                for (int j = 0; j < d; j++)
                {
                    sums[(labels[r] * d) + j] += data[r, j];
                }
            }

            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d && counts[c] > 0; j++)
                {
                    centroids[(c * d) + j] = sums[(c * d) + j] / counts[c];
                }
            }

            if (!changed)
            {
                break;
            }
        }

        if (permutation is not null)
        {
            // Cluster c is reported as permutation[c].
            var permuted = new double[k * d];
            for (int c = 0; c < k; c++)
            {
                Array.Copy(centroids, c * d, permuted, permutation[c] * d, d);
            }

            for (int r = 0; r < labels.Length; r++)
            {
                labels[r] = permutation[labels[r]];
            }

            centroids = permuted;
        }

        return new Model(FeatureMatrix<double>.FromOwnedArray(centroids, k, d, data.ColumnNames), labels);
    }

    private sealed class Model(FeatureMatrix<double> centroids, int[] labels) : ICentroidClusteringModel<double>
    {
        public string ModelType => "TestLloydModel";

        public int ClusterCount => centroids.RowCount;

        public int FeatureCount => centroids.ColumnCount;

        public ReadOnlySpan<int> Labels => labels;

        public FeatureMatrix<double> Centroids => centroids;

        public void Predict(FeatureMatrix<double> data, Span<int> destination) =>
            SegmentRefresh.Nearest(centroids, data).CopyTo(destination);
    }
}
