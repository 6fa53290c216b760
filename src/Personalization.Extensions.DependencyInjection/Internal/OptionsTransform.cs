namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>A <c>with</c>-style configuration step for the named options <paramref name="Name"/>.</summary>
internal sealed record OptionsTransform<TOptions>(string Name, Func<TOptions, TOptions> Apply)
    where TOptions : class;
