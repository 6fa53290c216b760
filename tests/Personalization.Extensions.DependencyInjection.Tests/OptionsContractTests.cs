using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Segmentation;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Extensions.DependencyInjection.Tests;

/// <summary>The DI validator applies the real estimators' own option rules (<see cref="IValidatableOptions.Validate"/>, the method <c>Fit</c> calls).</summary>
public sealed class OptionsContractTests
{
    [Fact]
    public async Task HostStart_BadKMeansClusterCount_FailsNamingTheOption()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPersonalization(p => p.AddEstimator<KMeans, KMeansOptions>("segments", o => new KMeans(o), o => o with { ClusterCount = 0, Seed = 42 }));
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Estimator 'segments' (KMeans) rejects its KMeansOptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("options.ClusterCount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_BadKMeansOption_CarriesTheMessageFitThrows()
    {
        var bad = new KMeansOptions { Tolerance = -1 };
        FeatureMatrix<double> data = FeatureMatrix<double>.FromRows([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]);
        var fitError = Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(bad).Fit(data));
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPersonalization(p => p.AddEstimator<KMeans, KMeansOptions>("segments", o => new KMeans(o), o => o with { Tolerance = -1 }));
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(fitError.Message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_DefaultKMeansOptions_Starts()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPersonalization(p => p.AddEstimator<KMeans, KMeansOptions>("segments", o => new KMeans(o), o => o with { ClusterCount = 6 }));
        using IHost host = builder.Build();

        await host.StartAsync();

        Assert.Equal(6, host.Services.GetRequiredKeyedService<KMeans>("segments").Options.ClusterCount);
        await host.StopAsync();
    }

    public static TheoryData<string, Action<PersonalizationBuilder>, string> BadOptions => new()
    {
        { "MiniBatchKMeansOptions", p => p.AddEstimator<MiniBatchKMeans, MiniBatchKMeansOptions>("x", o => new MiniBatchKMeans(o), o => o with { BatchSize = 0 }), "BatchSize" },
        { "HierarchicalOptions", p => p.AddEstimator<HierarchicalClustering<double>, HierarchicalOptions>("x", o => new HierarchicalClustering<double>(o), o => o with { ClusterCount = 0 }), "ClusterCount" },
        { "MinMaxScalerOptions", p => p.AddEstimator<MinMaxScaler, MinMaxScalerOptions>("x", o => new MinMaxScaler(o), o => o with { RangeMin = 2, RangeMax = 1 }), "RangeMax" },
        { "RobustScalerOptions", p => p.AddEstimator<RobustScaler, RobustScalerOptions>("x", o => new RobustScaler(o), o => o with { UpperPercentile = 150 }), "UpperPercentile" },
        { "SimpleImputerOptions", p => p.AddEstimator<SimpleImputer, SimpleImputerOptions>("x", o => new SimpleImputer(o), o => o with { FillValue = double.NaN }), "FillValue" },
        { "WinsorizerOptions", p => p.AddEstimator<Winsorizer, WinsorizerOptions>("x", o => new Winsorizer(o), o => o with { LowerQuantile = 0.9, UpperQuantile = 0.1 }), "UpperQuantile" },
        { "RidgeRegressionOptions", p => p.AddEstimator<RidgeRegression, RidgeRegressionOptions>("x", o => new RidgeRegression(o), o => o with { Alpha = -1 }), "Alpha" },
        { "LogisticRegressionOptions", p => p.AddEstimator<LogisticRegression, LogisticRegressionOptions>("x", o => new LogisticRegression(o), o => o with { MaxIterations = 0 }), "MaxIterations" },
        { "RandomForestOptions", p => p.AddEstimator<RandomForest, RandomForestOptions>("x", o => new RandomForest(o), o => o with { TreeCount = 0 }), "TreeCount" },
        { "GradientBoostingOptions", p => p.AddEstimator<GradientBoosting, GradientBoostingOptions>("x", o => new GradientBoosting(o), o => o with { LearningRate = 2 }), "LearningRate" },
        { "PreprocessingPipelineOptions", p => p.AddEstimator<PreprocessingPipeline, PreprocessingPipelineOptions>("x", o => new PreprocessingPipeline(o), o => o with { Winsorizer = new WinsorizerOptions { LowerQuantile = -0.5 } }), "LowerQuantile" },
        { "OneHotEncoderOptions", p => p.AddEstimator<OneHotEncoder, OneHotEncoderOptions>("x", o => new OneHotEncoder(o), o => o with { UnknownCategory = (UnknownCategoryHandling)7 }), "UnknownCategory" },
        { "DRLearnerOptions", p => p.AddEstimator<DRLearner, DRLearnerOptions>("x", o => new DRLearner(o), o => o with { FoldCount = 1 }), "FoldCount" },
        { "RLearnerOptions", p => p.AddEstimator<RLearner, RLearnerOptions>("x", o => new RLearner(o), o => o with { PropensityClip = 0.7 }), "PropensityClip" },
        { "XLearnerOptions", p => p.AddEstimator<XLearner, XLearnerOptions>("x", o => new XLearner(o), o => o with { KnownPropensity = 1.5 }), "KnownPropensity" },
        { "ClassTransformationOptions", p => p.AddEstimator<ClassTransformation, ClassTransformationOptions>("x", o => new ClassTransformation(o), o => o with { Variant = (ClassTransformationVariant)9 }), "Variant" },
        { "SegmentationPipelineOptions", p => p.AddEstimator<SegmentationPipeline, SegmentationPipelineOptions>("x", o => new SegmentationPipeline(o), o => o with { Columns = [] }), "Columns" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void StartupValidation_RealEstimatorBadOption_FailsNamingOptionsAndOption(string optionsType, Action<PersonalizationBuilder> register, string option)
    {
        var services = new ServiceCollection();
        services.AddPersonalization(register);
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"rejects its {optionsType}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_RealEstimatorsDefaultOptions_Pass()
    {
        var services = new ServiceCollection();
        services.AddPersonalization(p =>
        {
            p.AddEstimator<MiniBatchKMeans, MiniBatchKMeansOptions>("mini", o => new MiniBatchKMeans(o));
            p.AddEstimator<HierarchicalClustering<double>, HierarchicalOptions>("tree", o => new HierarchicalClustering<double>(o));
            p.AddEstimator<RobustScaler, RobustScalerOptions>("robust", o => new RobustScaler(o));
            p.AddEstimator<GradientBoosting, GradientBoostingOptions>("boost", o => new GradientBoosting(o));
            p.AddEstimator<SegmentationPipeline, SegmentationPipelineOptions>("pipeline", o => new SegmentationPipeline(o));
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(provider.GetRequiredKeyedService<SegmentationPipeline>("pipeline"));
    }

    [Fact]
    public void Validate_SameRulesAsFit_RidgeNegativeAlpha()
    {
        var options = new RidgeRegressionOptions { Alpha = -0.5 };
        FeatureMatrix<double> x = FeatureMatrix<double>.FromRows([[0.0], [1.0], [2.0]]);

        var direct = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => new RidgeRegression(options).Fit(x, [0.0, 1.0, 2.0]));

        Assert.Equal(direct.Message, fit.Message);
        Assert.Equal("Alpha", direct.ParamName);
    }
}
