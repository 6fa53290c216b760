using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Uplift.Learners;

/// <summary>
/// The base model types that uplift models (S/T/X/DR/R-learner, class transformation) can save inside their files.
/// The built-in learners' models are registered already; register the model type of your own <see cref="IBaseLearner"/>
/// once, at start-up, to save and load meta-models that hold it.
/// </summary>
/// <remarks>
/// <para>
/// A base model is saved as <c>{"type": kind, "formatVersion": N, "payload": {...}}</c>, where the kind is the model's
/// <see cref="IPersistableModel{TSelf}.PersistedModelType"/> and the payload is what its
/// <see cref="IPersistableModel{TSelf}.WritePayload(Utf8JsonWriter)"/> writes; loading calls its
/// <see cref="IPersistableModel{TSelf}.ReadPayload(JsonElement, int)"/> after checking the version range, exactly as
/// <see cref="ModelPersistence"/> does for a model saved on its own. Read number arrays in <c>ReadPayload</c> through
/// <see cref="ModelPayload"/>.
/// </para>
/// <para>The registry is process-wide and thread-safe; registering the same type again does nothing.</para>
/// </remarks>
/// <example>
/// <code>
/// BaseModelRegistry.Register&lt;MyBaseModel&gt;();   // MyBaseModel : IBaseModel, IPersistableModel&lt;MyBaseModel&gt;
/// string json = ModelPersistence.ToJson(new TLearner(new TLearnerOptions { Learner = new MyLearner() }).Fit(data));
/// </code>
/// </example>
public static class BaseModelRegistry
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, Entry> s_byKind = new(StringComparer.Ordinal);
    private static readonly Dictionary<Type, Entry> s_byType = [];

    static BaseModelRegistry()
    {
        Register<GradientBoostingModel>();
        Register<RidgeRegressionModel>();
        Register<LassoRegressionModel>();
        Register<LogisticRegressionModel>();
        Register<RandomForestModel>();
    }

    /// <summary>Makes <typeparamref name="TModel"/> savable inside uplift models, under the kind <see cref="IPersistableModel{TSelf}.PersistedModelType"/>.</summary>
    /// <typeparam name="TModel">A base model type that can save itself.</typeparam>
    /// <exception cref="ArgumentException">Another type is already registered under the same kind (the message names both), or the kind is empty.</exception>
    public static void Register<TModel>()
        where TModel : class, IBaseModel, IPersistableModel<TModel>
    {
        string kind = TModel.PersistedModelType;
        if (string.IsNullOrWhiteSpace(kind))
        {
            throw new ArgumentException($"The base model type '{typeof(TModel).FullName}' has an empty PersistedModelType; give it a stable, non-empty kind name.", nameof(TModel));
        }

        var entry = new Entry(
            kind,
            typeof(TModel),
            TModel.OldestReadableFormatVersion,
            TModel.CurrentFormatVersion,
            static (payload, version) => TModel.ReadPayload(payload, version),
            static (model, writer) => ((TModel)model).WritePayload(writer));
        lock (s_lock)
        {
            if (s_byKind.TryGetValue(kind, out Entry? existing))
            {
                if (existing.Type == typeof(TModel))
                {
                    return;
                }

                throw new ArgumentException($"The base model kind '{kind}' is already registered for '{existing.Type.FullName}'; '{typeof(TModel).FullName}' needs a different PersistedModelType.", nameof(TModel));
            }

            s_byKind.Add(kind, entry);
            s_byType.Add(typeof(TModel), entry);
        }
    }

    /// <summary>Gets whether <paramref name="modelType"/> is registered (and so can be saved inside uplift models).</summary>
    /// <param name="modelType">A base model type.</param>
    /// <returns><see langword="true"/> when it was registered, by the package or by <see cref="Register{TModel}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="modelType"/> is null.</exception>
    public static bool IsRegistered(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        lock (s_lock)
        {
            return s_byType.ContainsKey(modelType);
        }
    }

    /// <summary>Writes <c>{"type", "formatVersion", "payload"}</c> for <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">The model's type is not registered.</exception>
    internal static void Write(Utf8JsonWriter writer, IBaseModel model)
    {
        Entry entry = Find(model.GetType()) ?? throw new NotSupportedException(
            $"The base model type '{model.GetType().FullName}' cannot be saved inside an uplift model: implement IPersistableModel<{model.GetType().Name}> on it and call BaseModelRegistry.Register<{model.GetType().Name}>() once before saving and loading.");
        writer.WriteStartObject();
        writer.WriteString("type", entry.Kind);
        writer.WriteNumber("formatVersion", entry.CurrentFormatVersion);
        writer.WritePropertyName("payload");
        entry.Write(model, writer);
        writer.WriteEndObject();
    }

    /// <summary>Reads an entry written by <see cref="Write"/> (entries without <c>formatVersion</c>, written before it existed, are version 1).</summary>
    /// <exception cref="InvalidDataException">The kind is not registered, the version is outside the type's readable range, or the payload is invalid.</exception>
    internal static IBaseModel Read(JsonElement item)
    {
        string kind = ModelJson.GetString(item, "type");
        int version = item.TryGetProperty("formatVersion", out _) ? ModelJson.GetInt32(item, "formatVersion") : 1;
        Entry entry;
        lock (s_lock)
        {
            entry = s_byKind.GetValueOrDefault(kind) ?? throw new InvalidDataException(
                $"The saved uplift model holds a base model of kind '{kind}', which is not registered; call BaseModelRegistry.Register<TModel>() for the custom base model type whose PersistedModelType is '{kind}' before loading.");
        }

        if (version < entry.OldestReadableFormatVersion || version > entry.CurrentFormatVersion)
        {
            throw new InvalidDataException(
                $"The saved uplift model holds a '{kind}' base model with format version {version}; this build reads versions {entry.OldestReadableFormatVersion} to {entry.CurrentFormatVersion}. {(version > entry.CurrentFormatVersion ? "Upgrade the package that defines it." : "Re-fit the model.")}");
        }

        return entry.Read(ModelJson.GetProperty(item, "payload"), version);
    }

    private static Entry? Find(Type type)
    {
        lock (s_lock)
        {
            return s_byType.GetValueOrDefault(type);
        }
    }

    private sealed record Entry(
        string Kind,
        Type Type,
        int OldestReadableFormatVersion,
        int CurrentFormatVersion,
        Func<JsonElement, int, IBaseModel> Read,
        Action<IBaseModel, Utf8JsonWriter> Write);
}
