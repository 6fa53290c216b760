namespace Personalization.Extensions.DependencyInjection.Internal;

internal sealed record ModelRegistration(string Name, string Path, Type ModelType, string PersistedModelType, Func<string, object> Load, ModelRegistrationOptions Options);

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
                throw new ArgumentException($"A model named '{registration.Name}' is already registered (from '{existing.Path}'); model names must be unique.", "name");
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
