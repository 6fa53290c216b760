using Microsoft.Extensions.DependencyInjection;
using Personalization;
using Personalization.Clustering;

namespace PackageExamples;

internal static class DependencyInjectionExample
{
    public static void Run()
    {
        // <readme>
        var services = new ServiceCollection();
        services.AddPersonalization(p =>
        {
            // A keyed estimator with named options, validated when first resolved.
            p.AddEstimator<KMeans, KMeansOptions>("segments", o => new KMeans(o), o => o with { ClusterCount = 2, Seed = 42 });
        });

        using ServiceProvider provider = services.BuildServiceProvider();
        KMeans kMeans = provider.GetRequiredKeyedService<KMeans>("segments");
        var features = new FeatureMatrix<double>([0.0, 0.1, 5.0, 5.1], rowCount: 4, columnCount: 1);
        Console.WriteLine($"inertia {kMeans.Fit(features).Inertia:F4}");
        // </readme>
    }
}
