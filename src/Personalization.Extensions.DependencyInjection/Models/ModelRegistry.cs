using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Personalization.Extensions.DependencyInjection.Internal;

namespace Personalization.Extensions.DependencyInjection;

/// <summary>The default <see cref="IModelRegistry"/>: loads each model once (file, instance or factory), on start-up validation or first use.</summary>
/// <remarks>Thread-safe: loads are serialised per model and instances are swapped atomically.</remarks>
internal sealed class ModelRegistry : IModelRegistry
{
    private readonly Dictionary<string, Entry> _entries;
    private readonly List<string> _names;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ModelTelemetry _telemetry;

    public ModelRegistry(ModelRegistrations registrations, IServiceProvider services)
        : this(registrations, services, TimeProvider.System)
    {
    }

    internal ModelRegistry(ModelRegistrations registrations, IServiceProvider services, TimeProvider time)
    {
        _services = services;
        _time = time;
        _telemetry = new ModelTelemetry(services.GetService<ILoggerFactory>(), services.GetService<IMeterFactory>());
        _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        _names = [];
        foreach (ModelRegistration registration in registrations.Items)
        {
            _entries.Add(registration.Name, new Entry(registration));
            _names.Add(registration.Name);
        }
    }

    public IReadOnlyList<string> Names => _names;

    public TModel Get<TModel>(string name)
        where TModel : class
    {
        Entry entry = Find(name);
        object model = EnsureLoaded(entry);
        return model as TModel
            ?? throw new InvalidCastException($"Model '{name}' is a {model.GetType().Name}, not a {typeof(TModel).Name}; request it as the type it was registered with.");
    }

    public bool TryGet<TModel>(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TModel? model)
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(name);
        model = null;
        if (!_entries.TryGetValue(name, out Entry? entry))
        {
            return false;
        }

        try
        {
            model = EnsureLoaded(entry) as TModel;
        }
        catch (InvalidDataException)
        {
            return false;
        }

        return model is not null;
    }

    public ModelInfo Describe(string name)
    {
        Entry entry = Find(name);
        ModelRegistration r = entry.Registration;
        Loaded? current = Volatile.Read(ref entry.Current);
        return new ModelInfo(r.Name, r.Path, r.ModelType, r.PersistedModelType, current?.LoadedAt, current?.Generation ?? 0);
    }

    public void Reload(string name)
    {
        Entry entry = Find(name);
        if (entry.Registration.Source == ModelSource.Instance)
        {
            throw new InvalidOperationException($"Model '{name}' was registered from an instance, so there is nothing to reload; register it with a file path or a factory to reload it.");
        }

        lock (entry.Gate)
        {
            int generation = (entry.Current?.Generation ?? 0) + 1;
            long start = _time.GetTimestamp();
            Loaded next;
            try
            {
                next = Load(entry.Registration, generation);
            }
            catch (InvalidDataException ex)
            {
                _telemetry.ReloadFailed(entry.Registration, generation - 1, ex, refused: false);
                throw;
            }

            if (entry.Current is { } current && !entry.Registration.Options.AllowFeatureChangeOnReload
                && ModelShape.Of(current.Model).Difference(ModelShape.Of(next.Model)) is { } difference)
            {
                var refused = new InvalidDataException($"Model '{entry.Registration.Name}' was not reloaded from {Describe(entry.Registration)}: {difference}. The previous model stays in service; register the model with ModelRegistrationOptions.AllowFeatureChangeOnReload = true to allow a change of features.");
                _telemetry.ReloadFailed(entry.Registration, generation - 1, refused, refused: true);
                throw refused;
            }

            Volatile.Write(ref entry.Current, next);
            _telemetry.Reloaded(entry.Registration, generation, _time.GetElapsedTime(start));
        }
    }

    public TResult Score<TModel, TResult>(string name, Func<TModel, TResult> score)
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(score);
        TModel model = Get<TModel>(name);
        long start = _time.GetTimestamp();
        TResult result;
        try
        {
            result = score(model);
        }
        catch (Exception ex) when (_telemetry.ScoringFailed(name, ex, _time.GetElapsedTime(start)))
        {
            throw;
        }

        _telemetry.Scored(name, _time.GetElapsedTime(start));
        return result;
    }

    internal bool IsRegistered(string name) => _entries.ContainsKey(name);

    internal void EnsureLoaded(string name) => EnsureLoaded(Find(name));

    private static string Describe(ModelRegistration registration) => registration.Source switch
    {
        ModelSource.File => $"'{Path.GetFullPath(registration.Path!)}'",
        ModelSource.Factory => "its factory",
        _ => "its instance",
    };

    private object EnsureLoaded(Entry entry)
    {
        Loaded? current = Volatile.Read(ref entry.Current);
        if (current is not null)
        {
            return current.Model;
        }

        lock (entry.Gate)
        {
            current = entry.Current;
            if (current is null)
            {
                long start = _time.GetTimestamp();
                try
                {
                    current = Load(entry.Registration, 1);
                }
                catch (InvalidDataException ex)
                {
                    _telemetry.LoadFailed(entry.Registration, ex);
                    throw;
                }

                Volatile.Write(ref entry.Current, current);
                _telemetry.Loaded(entry.Registration, 1, _time.GetElapsedTime(start));
            }

            return current.Model;
        }
    }

    private Loaded Load(ModelRegistration registration, int generation) => registration.Source == ModelSource.File
        ? LoadFile(registration, generation)
        : Create(registration, generation);

    private Loaded Create(ModelRegistration registration, int generation)
    {
        object? model;
        try
        {
            model = registration.Load(_services);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"Model '{registration.Name}': its factory threw {ex.GetType().Name}: {ex.Message}", ex);
        }

        if (model is null)
        {
            throw new InvalidDataException($"Model '{registration.Name}': its factory returned null; return the fitted {registration.ModelType.Name}.");
        }

        return new Loaded(model, _time.GetUtcNow(), generation);
    }

    private Loaded LoadFile(ModelRegistration registration, int generation)
    {
        string full = Path.GetFullPath(registration.Path!);
        if (!File.Exists(full))
        {
            throw new InvalidDataException($"Model '{registration.Name}': the file '{full}' does not exist; save the fitted {registration.ModelType.Name} there with ModelPersistence.SaveToFile or fix the registered path.");
        }

        try
        {
            return new Loaded(registration.Load(_services)!, _time.GetUtcNow(), generation);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"Model '{registration.Name}' could not be loaded from '{full}': {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"Model '{registration.Name}' could not be read from '{full}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidDataException($"Model '{registration.Name}' could not be read from '{full}': {ex.Message}", ex);
        }
    }

    private Entry Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _entries.TryGetValue(name, out Entry? entry)
            ? entry
            : throw new KeyNotFoundException($"No model named '{name}' is registered; registered models: {(_names.Count == 0 ? "(none)" : string.Join(", ", _names))}. Register it with AddModel<TModel>(name, path), AddModel<TModel>(name, model) or AddModel<TModel>(name, factory).");
    }

    private sealed class Entry(ModelRegistration registration)
    {
        public readonly Lock Gate = new();
        public Loaded? Current;

        public ModelRegistration Registration { get; } = registration;
    }

    private sealed record Loaded(object Model, DateTimeOffset LoadedAt, int Generation);
}
