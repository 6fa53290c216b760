using System.Text.Json;
using Personalization.Clustering;
using Personalization.Conformance.Tests.Harness;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>
/// kmeans_lloyd: Lloyd iterations from the given centroids with tolerance 0 (until the labels stop
/// changing). Labels must match exactly; centroids and inertia within the file's tolerance; the
/// iteration count within 1 (scikit-learn counts assignment passes). Hamerly must give the same answer.
/// </summary>
public sealed class KMeansLloydChecker : IConformanceChecker
{
    public string Kind => "kmeans_lloyd";

    public void Check(ConformanceCase testCase)
    {
        FeatureMatrix<double> x = ConformanceCase.FeatureMatrix(ConformanceCase.Require(testCase.Input, "X"));
        FeatureMatrix<double> init = ConformanceCase.FeatureMatrix(ConformanceCase.Require(testCase.Input, "init"));
        int maxIterations = testCase.Input.TryGetProperty("max_iter", out JsonElement m) ? m.GetInt32() : 300;
        foreach (KMeansAlgorithm algorithm in new[] { KMeansAlgorithm.Lloyd, KMeansAlgorithm.Hamerly })
        {
            var options = new KMeansOptions
            {
                ClusterCount = init.RowCount,
                MaxIterations = maxIterations,
                Tolerance = 0,
                Initialization = KMeansInitialization.Given,
                InitialCentroids = init,
                Algorithm = algorithm,
            };
            KMeansModel<double> model = new KMeans(options).Fit(x);
            string what = algorithm.ToString();
            testCase.AssertEqual($"{what} labels", model.Labels, ConformanceCase.Require(testCase.Expected, "labels"));
            testCase.AssertClose($"{what} centroids", model.Centroids.AsSpan(), x.ColumnCount, ConformanceCase.Require(testCase.Expected, "centroids"));
            testCase.AssertClose($"{what} inertia", model.Inertia, ConformanceCase.Require(testCase.Expected, "inertia"));
            if (testCase.Expected.TryGetProperty("n_iter", out JsonElement nIter) && Math.Abs(model.Iterations - nIter.GetInt32()) > 1)
            {
                throw testCase.Fail($"{what} iterations: expected {nIter.GetInt32()} (+-1) but got {model.Iterations}.");
            }
        }
    }
}
