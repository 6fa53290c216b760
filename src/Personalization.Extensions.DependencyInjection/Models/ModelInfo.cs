namespace Personalization.Extensions.DependencyInjection;

/// <summary>Describes a registered model.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Path">The file it is loaded from, as registered.</param>
/// <param name="ModelType">The registered .NET model type.</param>
/// <param name="PersistedModelType">The <c>modelType</c> written in the file.</param>
/// <param name="LoadedAt">When the current instance was loaded, or <see langword="null"/> before the first load.</param>
public sealed record ModelInfo(string Name, string Path, Type ModelType, string PersistedModelType, DateTimeOffset? LoadedAt);
