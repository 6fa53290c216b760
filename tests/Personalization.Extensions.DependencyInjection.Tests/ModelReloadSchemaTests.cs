using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Personalization.Clustering;
using Personalization.Persistence;

namespace Personalization.Extensions.DependencyInjection.Tests;

/// <summary>A reload keeps the features of the model it replaces unless told otherwise (issue 16, class 6).</summary>
public sealed class ModelReloadSchemaTests
{
    /// <summary>K-Means on the first rows of the wholesale customers data, with the given spending columns.</summary>
    private static KMeansModel<double> Fit(params string[] columns) => Fit(3, columns);

    private static KMeansModel<double> Fit(int k, params string[] columns)
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "data", "wholesale_customers.csv"));
        string[] header = lines[0].Split(',');
        int[] index = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        Assert.All(index, i => Assert.True(i >= 0));
        var rows = lines.Skip(1).Where(l => l.Length > 0).Take(200)
            .Select(l => l.Split(','))
            .Select(f => index.Select(i => Math.Log(double.Parse(f[i], CultureInfo.InvariantCulture))).ToArray())
            .ToList();
        return new KMeans(new KMeansOptions { ClusterCount = k, Seed = 1 }).Fit(FeatureMatrix<double>.FromRows(rows, columns));
    }

    private static ServiceProvider Build(string path, ModelRegistrationOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p => p.AddModel<KMeansModel<double>>("segments", path, options ?? new ModelRegistrationOptions()));
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public void Reload_OtherFeatureCount_ThrowsAndKeepsPreviousModel()
    {
        using var folder = new TempFolder();
        string path = folder.File("segments.json");
        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Grocery"), path);
        using ServiceProvider provider = Build(path);
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        KMeansModel<double> before = registry.Get<KMeansModel<double>>("segments");

        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Grocery", "Frozen"), path);
        var ex = Assert.Throws<InvalidDataException>(() => registry.Reload("segments"));

        Assert.Contains("'segments'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4 features", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 3", ex.Message, StringComparison.Ordinal);
        Assert.Same(before, registry.Get<KMeansModel<double>>("segments"));
        Assert.Same(before, provider.GetRequiredKeyedService<KMeansModel<double>>("segments"));
    }

    [Fact]
    public void Reload_SameCountOtherFeatureNames_Throws()
    {
        using var folder = new TempFolder();
        string path = folder.File("segments.json");
        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Grocery"), path);
        using ServiceProvider provider = Build(path);
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        registry.Get<KMeansModel<double>>("segments");

        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Frozen"), path);
        var ex = Assert.Throws<InvalidDataException>(() => registry.Reload("segments"));

        Assert.Contains("Fresh, Milk, Frozen", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["Fresh", "Milk", "Grocery"], registry.Get<KMeansModel<double>>("segments").Centroids.ColumnNames);
    }

    [Fact]
    public void Reload_SameFeatures_SwapsTheModel()
    {
        using var folder = new TempFolder();
        string path = folder.File("segments.json");
        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Grocery"), path);
        using ServiceProvider provider = Build(path);
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        KMeansModel<double> before = registry.Get<KMeansModel<double>>("segments");

        ModelPersistence.SaveToFile(Fit(4, "Fresh", "Milk", "Grocery"), path);
        registry.Reload("segments");

        Assert.NotSame(before, registry.Get<KMeansModel<double>>("segments"));
        Assert.Equal(4, registry.Get<KMeansModel<double>>("segments").ClusterCount);
    }

    [Fact]
    public void Reload_FeatureChangeAllowed_SwapsTheModel()
    {
        using var folder = new TempFolder();
        string path = folder.File("segments.json");
        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Grocery"), path);
        using ServiceProvider provider = Build(path, new ModelRegistrationOptions { AllowFeatureChangeOnReload = true });
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        registry.Get<KMeansModel<double>>("segments");

        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Grocery", "Frozen"), path);
        registry.Reload("segments");

        Assert.Equal(4, registry.Get<KMeansModel<double>>("segments").FeatureCount);
    }

    [Fact]
    public void StartupValidation_FileAboveMaxModelBytes_FailsNamingTheLimit()
    {
        using var folder = new TempFolder();
        string path = folder.File("segments.json");
        ModelPersistence.SaveToFile(Fit("Fresh", "Milk", "Grocery"), path);
        using ServiceProvider provider = Build(path, new ModelRegistrationOptions { MaxModelBytes = 200 });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxModelBytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'segments'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddModel_MaxModelBytesOutOfRange_Throws()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddPersonalization(p => p.AddModel<KMeansModel<double>>("m", "m.json", new ModelRegistrationOptions { MaxModelBytes = 0 })));
    }
}
