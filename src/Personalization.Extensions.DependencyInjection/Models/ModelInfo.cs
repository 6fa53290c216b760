namespace Personalization.Extensions.DependencyInjection;

/// <summary>Describes a registered model.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Path">The file it is loaded from, as registered, or <see langword="null"/> for a model registered from an instance or a factory.</param>
/// <param name="ModelType">The registered .NET model type.</param>
/// <param name="PersistedModelType">The <c>modelType</c> its files carry (<see cref="Persistence.IPersistableModel{TSelf}.PersistedModelType"/>).</param>
/// <param name="LoadedAt">When the current instance was loaded (read, published or built), or <see langword="null"/> before the first load.</param>
/// <param name="Generation">The version of the instance in service: 0 before the first load, 1 after it, one more after each successful reload.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ModelInfo(string Name, string? Path, Type ModelType, string PersistedModelType, DateTimeOffset? LoadedAt, int Generation);
