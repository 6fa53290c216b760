namespace Personalization.Extensions.DependencyInjection;

/// <summary>
/// Names of the logs and metrics the model registry emits, for configuring OpenTelemetry or a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/> (for example <c>metrics.AddMeter(PersonalizationTelemetry.MeterName)</c>).
/// </summary>
/// <remarks>
/// Instruments of the meter <see cref="MeterName"/>, each tagged with <c>model.name</c>:
/// <list type="bullet">
/// <item><c>personalization.model.loads</c> (counter, <c>{load}</c>): first loads; tags <c>model.source</c> (<c>file</c>, <c>instance</c>, <c>factory</c>) and <c>outcome</c> (<c>success</c>, <c>failure</c>).</item>
/// <item><c>personalization.model.reloads</c> (counter, <c>{reload}</c>): <see cref="IModelRegistry.Reload"/> calls; tags <c>model.source</c> and <c>outcome</c> (<c>success</c>, <c>failure</c>, <c>refused</c> when the features changed).</item>
/// <item><c>personalization.model.scorings</c> (counter, <c>{call}</c>): <see cref="IModelRegistry.Score{TModel, TResult}"/> calls; tag <c>outcome</c>, and <c>error.type</c> on failure.</item>
/// <item><c>personalization.model.scoring.duration</c> (histogram, <c>s</c>): the time of each scoring call; tag <c>outcome</c>.</item>
/// </list>
/// Log events use the category <see cref="LoggerCategory"/>: 1 loaded, 2 load failed, 3 reloaded, 4 reload failed or refused,
/// 5 scored (Debug), 6 scoring failed. The meter comes from <see cref="System.Diagnostics.Metrics.IMeterFactory"/> when the
/// container has one (the generic host registers it), otherwise from a shared meter of the same name.
/// </remarks>
public static class PersonalizationTelemetry
{
    /// <summary>The name of the meter of the model registry: the package name.</summary>
    public const string MeterName = "Personalization.Extensions.DependencyInjection";

    /// <summary>The category of the model registry's log events.</summary>
    public const string LoggerCategory = "Personalization.Extensions.DependencyInjection.ModelRegistry";
}
