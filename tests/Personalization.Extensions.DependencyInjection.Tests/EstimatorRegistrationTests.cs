using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Personalization.Extensions.DependencyInjection.Tests;

public sealed class EstimatorRegistrationTests
{
    [Fact]
    public void AddEstimator_Configured_ResolvesKeyedEstimatorWithThoseOptions()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p => p.AddEstimator<CheckingEstimator, FakeOptions>("segments", o => new CheckingEstimator(o), o => o with { ClusterCount = 6 }));
        using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        CheckingEstimator estimator = provider.GetRequiredKeyedService<CheckingEstimator>("segments");

        Assert.Equal(6, estimator.Options.ClusterCount);
        Assert.Equal(42, estimator.Options.Seed);
    }

    [Fact]
    public void AddEstimator_TwoNames_GetIndependentNamedOptions()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p =>
        {
            p.AddEstimator<LazyEstimator, FakeOptions>("small", o => new LazyEstimator(o), o => o with { ClusterCount = 2 });
            p.AddEstimator<LazyEstimator, FakeOptions>("large", o => new LazyEstimator(o), o => o with { ClusterCount = 12, Seed = 7 });
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(2, provider.GetRequiredKeyedService<LazyEstimator>("small").Options.ClusterCount);
        Assert.Equal(12, provider.GetRequiredKeyedService<LazyEstimator>("large").Options.ClusterCount);
        Assert.Equal(7, provider.GetRequiredService<IOptionsMonitor<FakeOptions>>().Get("large").Seed);
        Assert.Equal(["small", "large"], provider.GetRequiredService<PersonalizationBuilder>().EstimatorNames);
    }

    [Fact]
    public void AddEstimator_NoConfigure_UsesDocumentedDefaults()
    {
        var services = new ServiceCollection();
        services.AddPersonalization().AddEstimator<LazyEstimator, FakeOptions>("default", o => new LazyEstimator(o));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(new FakeOptions(), provider.GetRequiredKeyedService<LazyEstimator>("default").Options);
    }

    [Fact]
    public void AddEstimator_ConfigureActionAfterTransform_StillApplies()
    {
        // A standard IConfigureNamedOptions step (what configuration binding registers) runs after the with-transform.
        var services = new ServiceCollection();
        services.AddPersonalization(p => p.AddEstimator<LazyEstimator, FakeOptions>("s", o => new LazyEstimator(o), o => o with { ClusterCount = 4 }));
        services.AddSingleton<IConfigureOptions<FakeOptions>>(new ConfigureNamedOptions<FakeOptions>("s", o => typeof(FakeOptions).GetProperty(nameof(FakeOptions.Seed))!.SetValue(o, 99)));
        using ServiceProvider provider = services.BuildServiceProvider();

        FakeOptions options = provider.GetRequiredKeyedService<LazyEstimator>("s").Options;

        Assert.Equal(4, options.ClusterCount);
        Assert.Equal(99, options.Seed);
    }

    [Fact]
    public void StartupValidation_ValidateRuleFails_ThrowsNamingTheRule()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p => p
            .AddEstimator<LazyEstimator, FakeOptions>("segments", o => new LazyEstimator(o), o => o with { ClusterCount = 1 })
            .Validate(o => o.ClusterCount >= 2, "ClusterCount must be at least 2 for segmentation."));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ClusterCount must be at least 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_EstimatorConstructorRejectsOptions_ThrowsWithItsMessage()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p => p.AddEstimator<CheckingEstimator, FakeOptions>("segments", o => new CheckingEstimator(o), o => o with { ClusterCount = 0 }));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Estimator 'segments'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterCount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_ValidOptions_DoesNotThrow()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p => p.AddEstimator<CheckingEstimator, FakeOptions>("segments", o => new CheckingEstimator(o)));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(provider.GetRequiredKeyedService<CheckingEstimator>("segments"));
    }

    [Fact]
    public void Resolve_InvalidOptionsWithoutStartupValidation_ThrowsOnFirstResolve()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p => p.AddEstimator<CheckingEstimator, FakeOptions>("segments", o => new CheckingEstimator(o), o => o with { ClusterCount = -1 }));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<CheckingEstimator>("segments"));
    }

    [Fact]
    public void StartupValidation_OnlyTheBrokenNameFails_OtherNamesAreNotBlamed()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p =>
        {
            p.AddEstimator<CheckingEstimator, FakeOptions>("good", o => new CheckingEstimator(o));
            p.AddEstimator<CheckingEstimator, FakeOptions>("bad", o => new CheckingEstimator(o), o => o with { ClusterCount = 0 });
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'bad'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'good'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, provider.GetRequiredKeyedService<CheckingEstimator>("good").Options.ClusterCount);
    }

    [Fact]
    public void AddEstimator_DuplicateName_ThrowsArgumentException()
    {
        var services = new ServiceCollection();
        PersonalizationBuilder builder = services.AddPersonalization();
        builder.AddEstimator<LazyEstimator, FakeOptions>("segments", o => new LazyEstimator(o));

        var ex = Assert.Throws<ArgumentException>(() => builder.AddEstimator<LazyEstimator, FakeOptions>("segments", o => new LazyEstimator(o)));

        Assert.Contains("already registered", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersonalization_CalledTwice_SharesOneBuilder()
    {
        var services = new ServiceCollection();
        PersonalizationBuilder first = services.AddPersonalization();
        first.AddEstimator<LazyEstimator, FakeOptions>("a", o => new LazyEstimator(o));

        PersonalizationBuilder second = services.AddPersonalization();

        Assert.Same(first, second);
        Assert.Throws<ArgumentException>(() => second.AddEstimator<LazyEstimator, FakeOptions>("a", o => new LazyEstimator(o)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AddEstimator_EmptyName_ThrowsArgumentException(string name)
    {
        PersonalizationBuilder builder = new ServiceCollection().AddPersonalization();

        Assert.Throws<ArgumentException>(() => builder.AddEstimator<LazyEstimator, FakeOptions>(name, o => new LazyEstimator(o)));
    }

    [Fact]
    public void AddEstimator_NullArguments_ThrowArgumentNullException()
    {
        PersonalizationBuilder builder = new ServiceCollection().AddPersonalization();

        Assert.Throws<ArgumentNullException>(() => builder.AddEstimator<LazyEstimator, FakeOptions>(null!, o => new LazyEstimator(o)));
        Assert.Throws<ArgumentNullException>(() => builder.AddEstimator<LazyEstimator, FakeOptions>("x", null!));
    }

    [Fact]
    public void AddPersonalization_NullArguments_ThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => PersonalizationServiceCollectionExtensions.AddPersonalization(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => PersonalizationServiceCollectionExtensions.AddPersonalization(null!));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddPersonalization(null!));
    }

    [Fact]
    public void Resolve_ConfigureReturnsNull_ThrowsInvalidOperationException()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p => p.AddEstimator<LazyEstimator, FakeOptions>("s", o => new LazyEstimator(o), _ => null!));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<LazyEstimator>("s"));

        Assert.Contains("returned null", ex.Message, StringComparison.Ordinal);
    }
}
