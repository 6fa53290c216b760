using Personalization.Persistence;

namespace Personalization.Extensions.DependencyInjection;

/// <summary>How a model registered with <see cref="PersonalizationBuilder.AddModel{TModel}(string, string, ModelRegistrationOptions)"/> is loaded and reloaded.</summary>
/// <remarks>Immutable and thread-safe; <see cref="PersonalizationBuilder.AddModel{TModel}(string, string, ModelRegistrationOptions)"/> calls <see cref="Validate"/>.</remarks>
public sealed record ModelRegistrationOptions
{
    /// <summary>Gets the largest model file accepted, in bytes.</summary>
    /// <value>Default <see cref="ModelLoadOptions.DefaultMaxModelBytes"/> (64 MiB); from 1 to <see cref="int.MaxValue"/>.</value>
    public long MaxModelBytes { get; init; } = ModelLoadOptions.DefaultMaxModelBytes;

    /// <summary>Gets whether <see cref="IModelRegistry.Reload"/> may swap in a model with other features than the one in service.</summary>
    /// <value>
    /// Default <see langword="false"/>: a reload whose model has another feature count or other feature names
    /// (for example centroid column names) than the model it replaces fails with <see cref="InvalidDataException"/>
    /// and the previous model stays in service, so callers that build rows for the old schema keep working.
    /// Set <see langword="true"/> only when every caller is updated with the new schema at the same time.
    /// </value>
    public bool AllowFeatureChangeOnReload { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxModelBytes"/> is out of range.</exception>
    public void Validate() => new ModelLoadOptions { MaxModelBytes = MaxModelBytes }.Validate();
}
