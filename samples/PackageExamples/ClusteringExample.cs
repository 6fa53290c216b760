using Personalization;
using Personalization.Clustering;

namespace PackageExamples;

internal static class ClusteringExample
{
    public static void Run()
    {
        // <readme>
        // Two obvious groups of customers (already scaled features).
        var features = new FeatureMatrix<double>(
            [0.0, 0.1, 0.2, 0.0, 0.1, 0.1, 5.0, 5.1, 5.2, 4.9, 5.1, 5.0], rowCount: 6, columnCount: 2);

        KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 42 }).Fit(features);

        var labels = new int[features.RowCount];
        model.Predict(features, labels);
        Console.WriteLine($"labels {string.Join(" ", labels)}, inertia {model.Inertia:F3}, {model.Iterations} iterations");
        // </readme>
    }
}
