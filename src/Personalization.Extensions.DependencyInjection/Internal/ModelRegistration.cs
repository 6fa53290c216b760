namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>Where a registered model comes from.</summary>
internal enum ModelSource
{
    /// <summary>A file written by <c>ModelPersistence</c>.</summary>
    File,

    /// <summary>An instance passed at registration.</summary>
    Instance,

    /// <summary>A factory called at start-up validation or first use (and again on reload).</summary>
    Factory,
}

/// <summary>One registered model: <paramref name="Path"/> is the file for <see cref="ModelSource.File"/>, otherwise null; <paramref name="Load"/> reads the file, returns the instance or calls the factory.</summary>
internal sealed record ModelRegistration(string Name, string? Path, ModelSource Source, Type ModelType, string PersistedModelType, Func<IServiceProvider, object?> Load, ModelRegistrationOptions Options);

/// <summary>The models registered on the builder; a singleton shared with <see cref="ModelRegistry"/>.</summary>
internal sealed class ModelRegistrations
{
    private readonly List<ModelRegistration> _items = [];
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public IReadOnlyList<ModelRegistration> Items => _items;

    public void Add(ModelRegistration registration)
    {
        foreach (ModelRegistration existing in _items)
        {
            if (string.Equals(existing.Name, registration.Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A model named '{registration.Name}' is already registered (from {(existing.Path is null ? "a" + (existing.Source == ModelSource.Factory ? " factory" : "n instance") : $"'{existing.Path}'")}); model names must be unique.", "name");
            }
        }

        _items.Add(registration);
        _names.Add(registration.Name);
    }
}

/// <summary>Marker options, one named instance per model, so model files are checked by <c>ValidateOnStart</c>.</summary>
internal sealed class ModelFileOptions
{
}
