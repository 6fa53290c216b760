namespace Personalization.Extensions.DependencyInjection;

/// <summary>
/// The fitted models registered with <c>PersonalizationBuilder.AddModel</c> - from a file
/// (<see cref="PersonalizationBuilder.AddModel{TModel}(string, string)"/>), an instance or a factory - loaded
/// once and shared by every request (models are immutable and thread-safe).
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IModelRegistry
{
    /// <summary>Gets the registered model names, in registration order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Returns the model named <paramref name="name"/>, loading it on first use.</summary>
    /// <typeparam name="TModel">The model type it was registered with (or a base type or interface of it).</typeparam>
    /// <param name="name">The model name.</param>
    /// <returns>The current model instance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    /// <exception cref="InvalidCastException">The model is not a <typeparamref name="TModel"/>.</exception>
    /// <exception cref="InvalidDataException">The file could not be loaded (missing, corrupt, another model type or format version), or the factory threw or returned null.</exception>
    TModel Get<TModel>(string name)
        where TModel : class;

    /// <summary>Returns the model named <paramref name="name"/> if it is registered and is a <typeparamref name="TModel"/>.</summary>
    /// <typeparam name="TModel">The expected model type.</typeparam>
    /// <param name="name">The model name.</param>
    /// <param name="model">The model, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the model exists, loads and has the requested type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    bool TryGet<TModel>(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TModel? model)
        where TModel : class;

    /// <summary>Describes the model named <paramref name="name"/>: its file, type and when it was loaded.</summary>
    /// <param name="name">The model name.</param>
    /// <returns>The description; <see cref="ModelInfo.LoadedAt"/> is null until the model is first loaded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    ModelInfo Describe(string name);

    /// <summary>
    /// Reads the model's file again (or calls its factory again) and swaps the new instance in atomically
    /// (for example after a nightly refit). Callers already holding the old instance keep using it safely.
    /// </summary>
    /// <param name="name">The model name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    /// <exception cref="InvalidOperationException">The model was registered from an instance, which cannot be reloaded.</exception>
    /// <exception cref="InvalidDataException">The file could not be loaded or the factory failed, or (unless the model was registered with <see cref="ModelRegistrationOptions.AllowFeatureChangeOnReload"/>) its model has another feature count or other feature names than the model in service; the previous instance stays in service.</exception>
    void Reload(string name);

    /// <summary>
    /// Runs <paramref name="score"/> on the current model named <paramref name="name"/> and records the call:
    /// the <c>personalization.model.scorings</c> counter and the <c>personalization.model.scoring.duration</c>
    /// histogram (tags <c>model.name</c>, <c>outcome</c>, and <c>error.type</c> on failure) and a log event
    /// (see <see cref="PersonalizationTelemetry"/>).
    /// </summary>
    /// <typeparam name="TModel">The model type it was registered with (or a base type or interface of it).</typeparam>
    /// <typeparam name="TResult">What <paramref name="score"/> returns, for example a <c>SegmentAssignment</c>.</typeparam>
    /// <param name="name">The model name.</param>
    /// <param name="score">The scoring work, for example <c>m =&gt; m.AssignCustomers(features)</c>; it runs on the caller's thread.</param>
    /// <returns>What <paramref name="score"/> returned.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="score"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    /// <exception cref="InvalidCastException">The model is not a <typeparamref name="TModel"/>.</exception>
    /// <exception cref="InvalidDataException">The model could not be loaded.</exception>
    /// <remarks>An exception thrown by <paramref name="score"/> (for example an <see cref="ArgumentException"/> for bad input) is recorded as a failure and propagates unchanged.</remarks>
    TResult Score<TModel, TResult>(string name, Func<TModel, TResult> score)
        where TModel : class;
}
