using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Personalization.Segmentation;

namespace Personalization.Extensions.DependencyInjection.Tests;

/// <summary>Models registered from an instance or a factory (fitted at start-up) rather than a file.</summary>
public sealed class ModelSourceTests
{
    [Fact]
    public void AddModel_Instance_ServedAsIsThroughRegistryAndKeyedService()
    {
        SegmentationModel model = Fit(seed: 1);
        using ServiceProvider provider = Build(p => p.AddModel("segments", model));

        provider.GetRequiredService<IStartupValidator>().Validate();
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();

        Assert.Same(model, registry.Get<SegmentationModel>("segments"));
        Assert.Same(model, provider.GetRequiredKeyedService<SegmentationModel>("segments"));
        ModelInfo info = registry.Describe("segments");
        Assert.Null(info.Path);
        Assert.Equal(SegmentationModel.PersistedModelType, info.PersistedModelType);
        Assert.Equal(1, info.Generation);
    }

    [Fact]
    public void Reload_InstanceModel_ThrowsInvalidOperationAndKeepsIt()
    {
        SegmentationModel model = Fit(seed: 1);
        using ServiceProvider provider = Build(p => p.AddModel("segments", model));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();

        var ex = Assert.Throws<InvalidOperationException>(() => registry.Reload("segments"));

        Assert.Contains("instance", ex.Message, StringComparison.Ordinal);
        Assert.Same(model, registry.Get<SegmentationModel>("segments"));
    }

    [Fact]
    public void AddModel_Factory_FitsOnceAtStartupValidation()
    {
        int calls = 0;
        FeatureMatrix<double> features = Customers(seed: 3);
        using ServiceProvider provider = Build(p => p.AddModel("segments", _ =>
        {
            calls++;
            return new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = 3 }).Fit(features);
        }));
        Assert.Equal(0, calls);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(1, calls);
        SegmentationModel model = provider.GetRequiredKeyedService<SegmentationModel>("segments");
        _ = provider.GetRequiredService<IModelRegistry>().Get<SegmentationModel>("segments");

        Assert.Equal(1, calls);
        Assert.Equal(3, model.SegmentCount);
        Assert.Equal(features.RowCount, model.Assign(features).Length);
    }

    [Fact]
    public void AddModel_FactoryUsesServices_GetsTheRootProvider()
    {
        FeatureMatrix<double> features = Customers(seed: 4);
        var services = new ServiceCollection();
        services.AddKeyedSingleton("training", features);
        services.AddPersonalization(p => p.AddModel("segments", sp =>
            new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = 3 }).Fit(sp.GetRequiredKeyedService<FeatureMatrix<double>>("training"))));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        SegmentationModel model = provider.GetRequiredKeyedService<SegmentationModel>("segments");
        Assert.Equal(features.RowCount, model.TrainingCustomerCount + model.DroppedCustomerCount);
    }

    [Fact]
    public void Reload_FactoryModel_RefitsAndBumpsGeneration()
    {
        int seed = 5;
        using ServiceProvider provider = Build(p => p.AddModel("segments", _ => Fit(seed++)));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        SegmentationModel first = registry.Get<SegmentationModel>("segments");

        registry.Reload("segments");

        SegmentationModel second = registry.Get<SegmentationModel>("segments");
        Assert.NotSame(first, second);
        Assert.Equal(2, registry.Describe("segments").Generation);
        Assert.Equal(7, seed);
    }

    [Fact]
    public void Reload_FactoryReturnsOtherFeatures_RefusedAndOldModelStays()
    {
        bool refit = false;
        using ServiceProvider provider = Build(p => p.AddModel("segments", _ =>
        {
            var options = new SegmentationPipelineOptions { ClusterCount = 3 };
            if (refit)
            {
                options = options with { Columns = ["recency_days", "frequency", "monetary"], LogColumns = ["frequency", "monetary"], RevenueColumn = "monetary" };
            }

            return new SegmentationPipeline(options).Fit(Customers(seed: 6));
        }));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        SegmentationModel first = registry.Get<SegmentationModel>("segments");
        refit = true;

        var ex = Assert.Throws<InvalidDataException>(() => registry.Reload("segments"));

        Assert.Contains("its factory", ex.Message, StringComparison.Ordinal);
        Assert.Same(first, registry.Get<SegmentationModel>("segments"));
        Assert.Equal(1, registry.Describe("segments").Generation);
    }

    [Fact]
    public void StartupValidation_FactoryFitThrows_FailsNamingModelWithFitMessage()
    {
        FeatureMatrix<double> two = FeatureMatrix<double>.FromRows([[1, 1, 1, 1, 1, 0], [2, 2, 2, 2, 2, 0]], Columns);
        using ServiceProvider provider = Build(p => p.AddModel("segments", _ => new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = 3 }).Fit(two)));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Model 'segments': its factory threw", ex.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(Assert.Throws<InvalidDataException>(() => provider.GetRequiredService<IModelRegistry>().Get<SegmentationModel>("segments")));
    }

    [Fact]
    public void StartupValidation_FactoryReturnsNull_Fails()
    {
        using ServiceProvider provider = Build(p => p.AddModel<SegmentationModel>("segments", _ => null!));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("returned null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddModel_NullInstanceOrFactory_Throws()
    {
        var services = new ServiceCollection();
        PersonalizationBuilder builder = services.AddPersonalization();

        Assert.Throws<ArgumentNullException>(() => builder.AddModel("a", (SegmentationModel)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddModel("b", (Func<IServiceProvider, SegmentationModel>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddModel("c", _ => Fit(1), null!));
    }

    [Fact]
    public void AddModel_InstanceWithNameOfAFileModel_ThrowsDuplicate()
    {
        var services = new ServiceCollection();
        PersonalizationBuilder builder = services.AddPersonalization().AddModel<SegmentationModel>("segments", "models/segments.json");

        var ex = Assert.Throws<ArgumentException>(() => builder.AddModel("segments", Fit(1)));

        Assert.Contains("already registered", ex.Message, StringComparison.Ordinal);
    }

    internal static readonly string[] Columns = ["recency_days", "frequency", "monetary", "aov", "tenure_days", "return_rate"];

    /// <summary>Three well-separated customer groups with the default segmentation columns.</summary>
    internal static FeatureMatrix<double> Customers(int seed, int perGroup = 40)
    {
        var random = new Random(seed);
        double[][] centres = [[10, 20, 5000, 250, 600, 0.01], [120, 4, 400, 100, 300, 0.05], [300, 1, 60, 60, 30, 0.2]];
        var rows = new List<double[]>();
        foreach (double[] c in centres)
        {
            for (int i = 0; i < perGroup; i++)
            {
                rows.Add([.. c.Select(v => v * (0.9 + (0.2 * random.NextDouble())))]);
            }
        }

        return FeatureMatrix<double>.FromRows(rows, Columns);
    }

    private static SegmentationModel Fit(int seed) =>
        new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = 3 }).Fit(Customers(seed));

    private static ServiceProvider Build(Action<PersonalizationBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddPersonalization(configure);
        return services.BuildServiceProvider();
    }
}
