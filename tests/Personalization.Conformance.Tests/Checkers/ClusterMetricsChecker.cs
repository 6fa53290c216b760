using System.Text.Json;
using Personalization.Clustering;
using Personalization.Conformance.Tests.Harness;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>
/// <c>cluster_metrics</c>: silhouette (mean and per sample), Calinski-Harabasz, Davies-Bouldin,
/// inertia, adjusted Rand index and NMI against <c>sklearn.metrics</c>. Every expected field that is
/// present is checked; a case must hold at least one.
/// </summary>
public sealed class ClusterMetricsChecker : IConformanceChecker
{
    /// <inheritdoc />
    public string Kind => "cluster_metrics";

    /// <inheritdoc />
    public void Check(ConformanceCase testCase)
    {
        JsonElement input = testCase.Input;
        JsonElement expected = testCase.Expected;
        FeatureMatrix<double> x = ConformanceCase.FeatureMatrix(ConformanceCase.Require(input, "X"));
        int[] labels = ConformanceCase.IntVector(ConformanceCase.Require(input, "labels"));
        int checkedFields = 0;

        if (expected.TryGetProperty("silhouette", out JsonElement silhouette))
        {
            testCase.AssertClose("silhouette", ClusterMetrics.Silhouette(x, labels), silhouette);
            checkedFields++;
        }

        if (expected.TryGetProperty("silhouette_samples", out JsonElement samples))
        {
            var values = new double[x.RowCount];
            ClusterMetrics.SilhouetteSamples(x, labels, values);
            testCase.AssertClose("silhouette_samples", values, samples);
            checkedFields++;
        }

        if (expected.TryGetProperty("calinski_harabasz", out JsonElement ch))
        {
            testCase.AssertClose("calinski_harabasz", ClusterMetrics.CalinskiHarabasz(x, labels), ch);
            checkedFields++;
        }

        if (expected.TryGetProperty("davies_bouldin", out JsonElement db))
        {
            testCase.AssertClose("davies_bouldin", ClusterMetrics.DaviesBouldin(x, labels), db);
            checkedFields++;
        }

        if (expected.TryGetProperty("inertia", out JsonElement inertia))
        {
            testCase.AssertClose("inertia", ClusterMetrics.Inertia(x, labels), inertia);
            checkedFields++;
        }

        bool hasTrue = input.TryGetProperty("true_labels", out JsonElement trueElement);
        int[] trueLabels = hasTrue ? ConformanceCase.IntVector(trueElement) : [];
        if (expected.TryGetProperty("adjusted_rand", out JsonElement ari))
        {
            testCase.AssertClose("adjusted_rand", ClusterMetrics.AdjustedRandIndex(trueLabels, labels), ari);
            checkedFields++;
        }

        if (expected.TryGetProperty("normalized_mutual_info", out JsonElement nmi))
        {
            testCase.AssertClose("normalized_mutual_info", ClusterMetrics.NormalizedMutualInformation(trueLabels, labels), nmi);
            checkedFields++;
        }

        if (checkedFields == 0)
        {
            throw testCase.Fail("the case has no expected metric this checker knows.");
        }
    }
}
