using Personalization.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Personalization estimators and fitted models with an <see cref="IServiceCollection"/>.</summary>
public static class PersonalizationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Personalization services: named estimators (keyed services with named, validated
    /// options) and an <see cref="IModelRegistry"/> of fitted models loaded from disk.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Registers estimators and models on the builder.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="configure"/> registers an invalid or duplicate name.</exception>
    /// <remarks>
    /// Options and model files are validated through <c>ValidateOnStart</c>: the generic host checks
    /// them before it starts serving; without a host, resolve
    /// <see cref="Microsoft.Extensions.Options.IStartupValidator"/> and call <c>Validate()</c>.
    /// Calling this method more than once adds to the same registry; names must stay unique.
    /// </remarks>
    public static IServiceCollection AddPersonalization(this IServiceCollection services, Action<PersonalizationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        configure(PersonalizationBuilder.GetOrCreate(services));
        return services;
    }

    /// <summary>Adds the Personalization core services (an empty <see cref="IModelRegistry"/>) and returns the builder.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder, to register estimators and models.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static PersonalizationBuilder AddPersonalization(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return PersonalizationBuilder.GetOrCreate(services);
    }
}
