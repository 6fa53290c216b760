using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Personalization.Extensions.DependencyInjection.Internal;
using Personalization.Persistence;

namespace Personalization.Extensions.DependencyInjection;

/// <summary>Registers named estimators and fitted models (from a file, an instance or a factory); returned by <c>AddPersonalization</c>.</summary>
/// <remarks>
/// Estimator options in this library are sealed records with init-only properties, so they are
/// configured with <c>with</c> expressions (<see cref="Func{T, TResult}"/>) rather than mutating
/// actions. Standard <see cref="IConfigureNamedOptions{TOptions}"/> set-ups (for example a
/// configuration binding) still run afterwards, then every <see cref="IValidateOptions{TOptions}"/>.
/// The builder is not thread-safe; use it during start-up only.
/// </remarks>
public sealed class PersonalizationBuilder
{
    private readonly HashSet<string> _estimatorNames = new(StringComparer.Ordinal);

    private PersonalizationBuilder(IServiceCollection services, ModelRegistrations models)
    {
        Services = services;
        Models = models;
    }

    /// <summary>Gets the service collection the builder adds to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the names of the estimators registered so far, in registration order.</summary>
    public IReadOnlyCollection<string> EstimatorNames => _estimatorNames;

    /// <summary>Gets the names of the models registered so far.</summary>
    public IReadOnlyCollection<string> ModelNames => Models.Names;

    internal ModelRegistrations Models { get; }

    /// <summary>
    /// Registers an estimator as a keyed service named <paramref name="name"/>, built from the
    /// named options <typeparamref name="TOptions"/> of the same name.
    /// </summary>
    /// <typeparam name="TService">The service type to resolve, for example <c>IClusterer&lt;double&gt;</c> or <c>KMeans</c>.</typeparam>
    /// <typeparam name="TOptions">The estimator's options record; its parameterless constructor gives the documented defaults.</typeparam>
    /// <param name="name">The key: resolve with <c>GetRequiredKeyedService&lt;TService&gt;(name)</c> or <c>[FromKeyedServices(name)]</c>.</param>
    /// <param name="create">Builds the estimator from validated options, for example <c>o =&gt; new KMeans(o)</c>.</param>
    /// <param name="configure">Optional: returns the configured options from the defaults, for example <c>o =&gt; o with { ClusterCount = 6 }</c>.</param>
    /// <returns>The options builder, to add <c>Validate(...)</c> rules or bind configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="create"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or whitespace, or an estimator with that name is already registered.</exception>
    /// <remarks>
    /// The options are validated when the host starts (<c>ValidateOnStart</c>) and on first
    /// resolution: every <see cref="IValidateOptions{TOptions}"/> runs, then, when
    /// <typeparamref name="TOptions"/> implements <see cref="IValidatableOptions"/> (the option records of
    /// the library's estimators do), its <see cref="IValidatableOptions.Validate"/> - the same rules <c>Fit</c> applies -
    /// and finally <paramref name="create"/> is called once so that estimators which check their options when
    /// constructed report the problem too. An <see cref="ArgumentException"/> from either becomes a
    /// validation failure naming the estimator and carrying the estimator's message (which names the option).
    /// Other options types need explicit <c>Validate(...)</c> rules to fail at start-up.
    /// The estimator is resolved as a transient service so that reloaded options take effect;
    /// estimators are stateless and cheap to build.
    /// </remarks>
    public OptionsBuilder<TOptions> AddEstimator<TService, TOptions>(string name, Func<TOptions, TService> create, Func<TOptions, TOptions>? configure = null)
        where TService : class
        where TOptions : class, new()
    {
        Names.ThrowIfInvalid(name);
        ArgumentNullException.ThrowIfNull(create);
        if (!_estimatorNames.Add(name))
        {
            throw new ArgumentException($"An estimator named '{name}' is already registered; estimator names must be unique.", nameof(name));
        }

        Services.TryAddSingleton<IOptionsFactory<TOptions>, RecordOptionsFactory<TOptions>>();
        if (configure is not null)
        {
            Services.AddSingleton(new OptionsTransform<TOptions>(name, configure));
        }

        Services.AddSingleton<IValidateOptions<TOptions>>(new EstimatorConstructionValidator<TOptions, TService>(name, create));
        Services.AddKeyedTransient<TService>(name, (provider, _) => create(provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)));
        return Services.AddOptions<TOptions>(name).ValidateOnStart();
    }

    /// <summary>
    /// Registers a fitted model saved with <see cref="ModelPersistence"/> under <paramref name="name"/>.
    /// The file is loaded and checked at start-up (<c>ValidateOnStart</c>) or on first use.
    /// </summary>
    /// <typeparam name="TModel">The model type saved in the file, for example <c>KMeansModel</c>.</typeparam>
    /// <param name="name">The model's name in the <see cref="IModelRegistry"/> and its service key.</param>
    /// <param name="path">The model file; a relative path is resolved against the current directory when the model is loaded.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="path"/> is empty or whitespace, or a model with that name is already registered.</exception>
    /// <remarks>
    /// The model is also available as a keyed transient service of type <typeparamref name="TModel"/>
    /// that returns the registry's current instance, so a <see cref="IModelRegistry.Reload"/> is seen
    /// by the next resolution. A missing, corrupt, wrong-type or too-new file fails start-up with an
    /// <see cref="OptionsValidationException"/> that names the model and the file.
    /// </remarks>
    public PersonalizationBuilder AddModel<TModel>(string name, string path)
        where TModel : class, IPersistableModel<TModel> =>
        AddModel<TModel>(name, path, new ModelRegistrationOptions());

    /// <summary>
    /// Registers a fitted model saved with <see cref="ModelPersistence"/> under <paramref name="name"/>, with
    /// load and reload settings. The file is loaded and checked at start-up (<c>ValidateOnStart</c>) or on first use.
    /// </summary>
    /// <typeparam name="TModel">The model type saved in the file.</typeparam>
    /// <param name="name">The model's name in the <see cref="IModelRegistry"/> and its service key.</param>
    /// <param name="path">The model file; a relative path is resolved against the current directory when the model is loaded.</param>
    /// <param name="options">The size limit and whether a reload may change the model's features.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="path"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="path"/> is empty or whitespace, or a model with that name is already registered.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <remarks>
    /// By default (<see cref="ModelRegistrationOptions.AllowFeatureChangeOnReload"/> false) a reload keeps the
    /// feature count and feature names of the model it replaces: a file with other features is refused and the
    /// previous model stays in service.
    /// </remarks>
    public PersonalizationBuilder AddModel<TModel>(string name, string path, ModelRegistrationOptions options)
        where TModel : class, IPersistableModel<TModel>
    {
        Names.ThrowIfInvalid(name);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"The file path of model '{name}' is empty; pass the path of a file written by ModelPersistence.SaveToFile.", nameof(path));
        }

        var load = new ModelLoadOptions { MaxModelBytes = options.MaxModelBytes };
        return Register<TModel>(new ModelRegistration(name, path, ModelSource.File, typeof(TModel), TModel.PersistedModelType, _ => ModelPersistence.LoadFromFile<TModel>(Path.GetFullPath(path), load), options));
    }

    /// <summary>
    /// Registers an already fitted model instance under <paramref name="name"/>, for example a model fitted
    /// by the host's own start-up code or a test double. The instance is served as it is and cannot be reloaded.
    /// </summary>
    /// <typeparam name="TModel">The model type, for example <c>SegmentationModel</c>.</typeparam>
    /// <param name="name">The model's name in the <see cref="IModelRegistry"/> and its service key.</param>
    /// <param name="model">The fitted model; models are immutable and thread-safe, so one instance serves every request.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or whitespace, or a model with that name is already registered.</exception>
    /// <remarks><see cref="IModelRegistry.Reload"/> of such a model throws <see cref="InvalidOperationException"/>; <see cref="ModelInfo.Path"/> is null.</remarks>
    public PersonalizationBuilder AddModel<TModel>(string name, TModel model)
        where TModel : class, IPersistableModel<TModel>
    {
        Names.ThrowIfInvalid(name);
        ArgumentNullException.ThrowIfNull(model);
        return Register<TModel>(new ModelRegistration(name, null, ModelSource.Instance, typeof(TModel), TModel.PersistedModelType, _ => model, new ModelRegistrationOptions()));
    }

    /// <summary>
    /// Registers a model built by <paramref name="factory"/> under <paramref name="name"/>: for example fitted at
    /// start-up, <c>AddModel&lt;SegmentationModel&gt;("segments", sp =&gt; pipeline.Fit(features))</c>. The factory
    /// runs once, at start-up validation (<c>ValidateOnStart</c>) or on first use, and again on each
    /// <see cref="IModelRegistry.Reload"/> (a refit).
    /// </summary>
    /// <typeparam name="TModel">The model type the factory returns.</typeparam>
    /// <param name="name">The model's name in the <see cref="IModelRegistry"/> and its service key.</param>
    /// <param name="factory">Builds the model from the root service provider; it must not return null.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or whitespace, or a model with that name is already registered.</exception>
    /// <remarks>
    /// An exception from the factory (for example an <see cref="ArgumentException"/> from <c>Fit</c>) or a null
    /// result fails start-up with an <see cref="OptionsValidationException"/> that names the model and carries
    /// the factory's message; on first use outside start-up validation it surfaces as <see cref="InvalidDataException"/>.
    /// </remarks>
    public PersonalizationBuilder AddModel<TModel>(string name, Func<IServiceProvider, TModel> factory)
        where TModel : class, IPersistableModel<TModel> =>
        AddModel(name, factory, new ModelRegistrationOptions());

    /// <summary>
    /// Registers a model built by <paramref name="factory"/> under <paramref name="name"/>, with reload settings;
    /// see <see cref="AddModel{TModel}(string, Func{IServiceProvider, TModel})"/>.
    /// </summary>
    /// <typeparam name="TModel">The model type the factory returns.</typeparam>
    /// <param name="name">The model's name in the <see cref="IModelRegistry"/> and its service key.</param>
    /// <param name="factory">Builds the model from the root service provider; it must not return null.</param>
    /// <param name="options">Whether a reload (a new call of the factory) may change the model's features; <see cref="ModelRegistrationOptions.MaxModelBytes"/> does not apply.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="factory"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or whitespace, or a model with that name is already registered.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PersonalizationBuilder AddModel<TModel>(string name, Func<IServiceProvider, TModel> factory, ModelRegistrationOptions options)
        where TModel : class, IPersistableModel<TModel>
    {
        Names.ThrowIfInvalid(name);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Register<TModel>(new ModelRegistration(name, null, ModelSource.Factory, typeof(TModel), TModel.PersistedModelType, factory, options));
    }

    private PersonalizationBuilder Register<TModel>(ModelRegistration registration)
        where TModel : class
    {
        Models.Add(registration);
        string name = registration.Name;
        Services.AddKeyedTransient<TModel>(name, (provider, _) => provider.GetRequiredService<IModelRegistry>().Get<TModel>(name));
        Services.AddOptions<ModelFileOptions>(name).ValidateOnStart();
        return this;
    }

    internal static PersonalizationBuilder GetOrCreate(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(PersonalizationBuilder) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is PersonalizationBuilder existing)
            {
                return existing;
            }
        }

        var models = new ModelRegistrations();
        var builder = new PersonalizationBuilder(services, models);
        services.AddSingleton(builder);
        services.AddSingleton(models);
        services.AddOptions();
        services.TryAddSingleton<ModelRegistry>();
        services.TryAddSingleton<IModelRegistry>(static provider => provider.GetRequiredService<ModelRegistry>());
        services.AddSingleton<IValidateOptions<ModelFileOptions>, ModelFileValidator>();
        return builder;
    }
}
