using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>The registry's log events and counters (see <see cref="PersonalizationTelemetry"/> for the names).</summary>
internal sealed partial class ModelTelemetry
{
    private static readonly Meter s_sharedMeter = new(PersonalizationTelemetry.MeterName, typeof(ModelTelemetry).Assembly.GetName().Version?.ToString());

    private readonly ILogger _logger;
    private readonly Counter<long> _loads;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _scorings;
    private readonly Histogram<double> _scoringDuration;

    public ModelTelemetry(ILoggerFactory? loggers, IMeterFactory? meters)
    {
        _logger = loggers?.CreateLogger(PersonalizationTelemetry.LoggerCategory) ?? NullLogger.Instance;
        Meter meter = meters?.Create(PersonalizationTelemetry.MeterName, s_sharedMeter.Version) ?? s_sharedMeter;
        _loads = meter.CreateCounter<long>("personalization.model.loads", "{load}", "Models loaded for the first time (from a file, an instance or a factory).");
        _reloads = meter.CreateCounter<long>("personalization.model.reloads", "{reload}", "Model reloads, successful, failed or refused.");
        _scorings = meter.CreateCounter<long>("personalization.model.scorings", "{call}", "Scoring calls made through the model registry.");
        _scoringDuration = meter.CreateHistogram<double>("personalization.model.scoring.duration", "s", "The duration of scoring calls made through the model registry.");
    }

    public void Loaded(ModelRegistration model, int generation, TimeSpan elapsed)
    {
        _loads.Add(1, Tags(model, "success"));
        LogLoaded(model.Name, model.ModelType.Name, Source(model), generation, elapsed.TotalMilliseconds);
    }

    public void LoadFailed(ModelRegistration model, Exception error)
    {
        _loads.Add(1, Tags(model, "failure"));
        LogLoadFailed(error, model.Name, Source(model), error.Message);
    }

    public void Reloaded(ModelRegistration model, int generation, TimeSpan elapsed)
    {
        _reloads.Add(1, Tags(model, "success"));
        LogReloaded(model.Name, Source(model), generation, elapsed.TotalMilliseconds);
    }

    public void ReloadFailed(ModelRegistration model, int generation, Exception error, bool refused)
    {
        _reloads.Add(1, Tags(model, refused ? "refused" : "failure"));
        LogReloadFailed(error, model.Name, Source(model), generation, error.Message);
    }

    public void Scored(string name, TimeSpan elapsed)
    {
        var tags = new TagList { { "model.name", name }, { "outcome", "success" } };
        _scorings.Add(1, tags);
        _scoringDuration.Record(elapsed.TotalSeconds, tags);
        LogScored(name, elapsed.TotalMilliseconds);
    }

    /// <summary>Records a failed scoring call; returns false so that it can run in an exception filter without catching.</summary>
    public bool ScoringFailed(string name, Exception error, TimeSpan elapsed)
    {
        var tags = new TagList { { "model.name", name }, { "outcome", "failure" } };
        _scoringDuration.Record(elapsed.TotalSeconds, tags);
        tags.Add("error.type", error.GetType().FullName);
        _scorings.Add(1, tags);
        LogScoringFailed(error, name, error.GetType().Name);
        return false;
    }

    private static TagList Tags(ModelRegistration model, string outcome) => new()
    {
        { "model.name", model.Name },
        { "model.source", model.Source switch { ModelSource.File => "file", ModelSource.Instance => "instance", _ => "factory" } },
        { "outcome", outcome },
    };

    private static string Source(ModelRegistration model) => model.Source switch
    {
        ModelSource.File => model.Path!,
        ModelSource.Instance => "an instance",
        _ => "a factory",
    };

    [LoggerMessage(EventId = 1, EventName = "ModelLoaded", Level = LogLevel.Information, Message = "Model {ModelName} ({ModelType}) loaded from {Source} (generation {Generation}) in {ElapsedMilliseconds:0.0} ms.")]
    private partial void LogLoaded(string modelName, string modelType, string source, int generation, double elapsedMilliseconds);

    [LoggerMessage(EventId = 2, EventName = "ModelLoadFailed", Level = LogLevel.Error, Message = "Model {ModelName} could not be loaded from {Source}: {Reason}")]
    private partial void LogLoadFailed(Exception error, string modelName, string source, string reason);

    [LoggerMessage(EventId = 3, EventName = "ModelReloaded", Level = LogLevel.Information, Message = "Model {ModelName} reloaded from {Source}: generation {Generation} is in service ({ElapsedMilliseconds:0.0} ms).")]
    private partial void LogReloaded(string modelName, string source, int generation, double elapsedMilliseconds);

    [LoggerMessage(EventId = 4, EventName = "ModelReloadFailed", Level = LogLevel.Warning, Message = "Model {ModelName} was not reloaded from {Source}; generation {Generation} stays in service: {Reason}")]
    private partial void LogReloadFailed(Exception error, string modelName, string source, int generation, string reason);

    [LoggerMessage(EventId = 5, EventName = "ModelScored", Level = LogLevel.Debug, Message = "Model {ModelName} scored a request in {ElapsedMilliseconds:0.000} ms.")]
    private partial void LogScored(string modelName, double elapsedMilliseconds);

    [LoggerMessage(EventId = 6, EventName = "ModelScoringFailed", Level = LogLevel.Warning, Message = "Model {ModelName} failed to score a request: {ErrorType}.")]
    private partial void LogScoringFailed(Exception error, string modelName, string errorType);
}
