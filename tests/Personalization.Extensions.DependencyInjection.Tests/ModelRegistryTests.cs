using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Personalization.Persistence;

namespace Personalization.Extensions.DependencyInjection.Tests;

public sealed class ModelRegistryTests
{
    [Fact]
    public void AddModel_SavedFile_ResolvesThroughRegistryAndKeyedService()
    {
        using var folder = new TempFolder();
        string path = folder.File("segments.json");
        ModelPersistence.SaveToFile(new FakeModel([1.5, -2.25, 1e-300]), path);
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("segments", path));

        provider.GetRequiredService<IStartupValidator>().Validate();
        FakeModel fromRegistry = provider.GetRequiredService<IModelRegistry>().Get<FakeModel>("segments");
        FakeModel keyed = provider.GetRequiredKeyedService<FakeModel>("segments");

        Assert.Same(fromRegistry, keyed);
        Assert.Equal([1.5, -2.25, 1e-300], fromRegistry.Weights);
    }

    [Fact]
    public void StartupValidation_MissingFile_ThrowsNamingModelAndFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("missing.json");
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("segments", path));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'segments'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_FileHoldsAnotherModelType_Throws()
    {
        using var folder = new TempFolder();
        string path = folder.File("other.json");
        ModelPersistence.SaveToFile(new OtherModel(), path);
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("segments", path));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("OtherModel", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_CorruptFile_ThrowsInvalidDataException()
    {
        using var folder = new TempFolder();
        string path = folder.File("corrupt.json");
        File.WriteAllText(path, "{ not json");
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("segments", path));

        var ex = Assert.Throws<InvalidDataException>(() => provider.GetRequiredService<IModelRegistry>().Get<FakeModel>("segments"));

        Assert.Contains("corrupt.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_NewFile_SwapsInstanceAndUpdatesLoadedAt()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.json");
        ModelPersistence.SaveToFile(new FakeModel([1]), path);
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("m", path));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        Assert.Null(registry.Describe("m").LoadedAt);
        FakeModel before = registry.Get<FakeModel>("m");
        Assert.NotNull(registry.Describe("m").LoadedAt);

        ModelPersistence.SaveToFile(new FakeModel([2]), path);
        registry.Reload("m");

        Assert.Equal([1.0], before.Weights);
        Assert.Equal([2.0], registry.Get<FakeModel>("m").Weights);
        Assert.Equal([2.0], provider.GetRequiredKeyedService<FakeModel>("m").Weights);
    }

    [Fact]
    public void Reload_BrokenFile_ThrowsAndKeepsPreviousInstance()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.json");
        ModelPersistence.SaveToFile(new FakeModel([1]), path);
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("m", path));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        FakeModel before = registry.Get<FakeModel>("m");

        File.WriteAllText(path, "[]");

        Assert.Throws<InvalidDataException>(() => registry.Reload("m"));
        Assert.Same(before, registry.Get<FakeModel>("m"));
    }

    [Fact]
    public void Get_UnknownName_ThrowsKeyNotFoundListingNames()
    {
        using var folder = new TempFolder();
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("segments", folder.File("a.json")));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();

        var ex = Assert.Throws<KeyNotFoundException>(() => registry.Get<FakeModel>("segmnets"));

        Assert.Contains("segments", ex.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => registry.Describe("nope"));
        Assert.Throws<KeyNotFoundException>(() => registry.Reload("nope"));
    }

    [Fact]
    public void Get_WrongType_ThrowsInvalidCastException()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.json");
        ModelPersistence.SaveToFile(new FakeModel([1]), path);
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("m", path));

        Assert.Throws<InvalidCastException>(() => provider.GetRequiredService<IModelRegistry>().Get<OtherModel>("m"));
    }

    [Fact]
    public void TryGet_ReportsPresenceTypeAndLoadability()
    {
        using var folder = new TempFolder();
        string good = folder.File("good.json");
        ModelPersistence.SaveToFile(new FakeModel([3]), good);
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("good", good).AddModel<FakeModel>("missing", folder.File("missing.json")));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();

        Assert.True(registry.TryGet("good", out FakeModel? model));
        Assert.Equal([3.0], model.Weights);
        Assert.True(registry.TryGet("good", out IFittedModel? asInterface));
        Assert.Equal("FakeModel", asInterface.ModelType);
        Assert.False(registry.TryGet("good", out OtherModel? _));
        Assert.False(registry.TryGet("missing", out FakeModel? _));
        Assert.False(registry.TryGet("unknown", out FakeModel? _));
        Assert.Equal(["good", "missing"], registry.Names);
        Assert.Throws<ArgumentNullException>(() => registry.TryGet(null!, out FakeModel? _));
    }

    [Fact]
    public void Describe_ReportsRegistration()
    {
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("m", "models/m.json"));

        ModelInfo info = provider.GetRequiredService<IModelRegistry>().Describe("m");

        Assert.Equal(new ModelInfo("m", "models/m.json", typeof(FakeModel), "FakeModel", null, 0), info);
    }

    [Fact]
    public void Get_ConcurrentFirstUse_LoadsOneInstance()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.json");
        ModelPersistence.SaveToFile(new FakeModel([1, 2, 3]), path);
        using ServiceProvider provider = Build(p => p.AddModel<FakeModel>("m", path));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        var seen = new FakeModel[16];

        Parallel.For(0, seen.Length, i => seen[i] = registry.Get<FakeModel>("m"));

        Assert.All(seen, m => Assert.Same(seen[0], m));
    }

    [Fact]
    public void AddModel_DuplicateName_ThrowsArgumentException()
    {
        PersonalizationBuilder builder = new ServiceCollection().AddPersonalization();
        builder.AddModel<FakeModel>("m", "a.json");

        Assert.Throws<ArgumentException>(() => builder.AddModel<FakeModel>("m", "b.json"));
    }

    [Fact]
    public void AddModel_InvalidArguments_Throw()
    {
        PersonalizationBuilder builder = new ServiceCollection().AddPersonalization();

        Assert.Throws<ArgumentNullException>(() => builder.AddModel<FakeModel>(null!, "a.json"));
        Assert.Throws<ArgumentNullException>(() => builder.AddModel<FakeModel>("m", (string)null!));
        Assert.Throws<ArgumentException>(() => builder.AddModel<FakeModel>(" ", "a.json"));
        Assert.Throws<ArgumentException>(() => builder.AddModel<FakeModel>("m", " "));
    }

    [Fact]
    public void Registry_NullName_ThrowsArgumentNullException()
    {
        using ServiceProvider provider = Build(_ => { });
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();

        Assert.Throws<ArgumentNullException>(() => registry.Get<FakeModel>(null!));
        Assert.Throws<ArgumentNullException>(() => registry.Describe(null!));
        Assert.Throws<ArgumentNullException>(() => registry.Reload(null!));
        Assert.Empty(registry.Names);
    }

    private static ServiceProvider Build(Action<PersonalizationBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddPersonalization(configure);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
