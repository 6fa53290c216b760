using System.Text.Json;
using Personalization.Clustering;
using Personalization.Conformance.Tests.Harness;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>
/// kmeans_quality: K-Means++ with <c>n_init</c> restarts (seed 0). The inertia must be at most the
/// reference's times (1 + inertia_rel_over) and the adjusted Rand index against the true labels at
/// least the reference's minus ari_under. Lloyd and Hamerly are both checked.
/// </summary>
public sealed class KMeansQualityChecker : IConformanceChecker
{
    public string Kind => "kmeans_quality";

    public void Check(ConformanceCase testCase)
    {
        FeatureMatrix<double> x = ConformanceCase.FeatureMatrix(ConformanceCase.Require(testCase.Input, "X"));
        int k = ConformanceCase.Require(testCase.Input, "k").GetInt32();
        int restarts = testCase.Input.TryGetProperty("n_init", out JsonElement n) ? n.GetInt32() : 10;
        double expectedInertia = ConformanceCase.Number(ConformanceCase.Require(testCase.Expected, "inertia"));
        double expectedAri = ConformanceCase.Number(ConformanceCase.Require(testCase.Expected, "ari_vs_truth"));
        int[] truth = ConformanceCase.IntVector(ConformanceCase.Require(testCase.Expected, "true_labels"));
        double inertiaOver = ConformanceCase.Number(ConformanceCase.Require(testCase.Tolerance, "inertia_rel_over"));
        double ariUnder = ConformanceCase.Number(ConformanceCase.Require(testCase.Tolerance, "ari_under"));
        foreach (KMeansAlgorithm algorithm in new[] { KMeansAlgorithm.Lloyd, KMeansAlgorithm.Hamerly })
        {
            var options = new KMeansOptions { ClusterCount = k, Restarts = restarts, Seed = 0, Algorithm = algorithm };
            KMeansModel<double> model = new KMeans(options).Fit(x);
            if (model.Inertia > expectedInertia * (1 + inertiaOver))
            {
                throw testCase.Fail($"{algorithm} inertia {model.Inertia:R} exceeds the reference {expectedInertia:R} by more than {inertiaOver:P2}.");
            }

            double ari = ClusterMetrics.AdjustedRandIndex(truth, model.Labels);
            if (ari < expectedAri - ariUnder)
            {
                throw testCase.Fail($"{algorithm} ARI vs the true labels is {ari:R}, lower than the reference {expectedAri:R} by more than {ariUnder}.");
            }
        }
    }
}
