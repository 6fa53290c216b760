using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Personalization.Persistence;
using Personalization.Segmentation;

namespace Personalization.Extensions.DependencyInjection.Tests;

/// <summary>Log events and System.Diagnostics.Metrics counters of model loads, reloads and scoring.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public void Load_File_CountsSuccessAndLogsLoaded()
    {
        string name = Unique();
        using var folder = new TempFolder();
        string path = folder.File("m.json");
        ModelPersistence.SaveToFile(new FakeModel([1]), path);
        using var metrics = new MetricsRecorder(name);
        var logs = new TestLoggerFactory();
        using ServiceProvider provider = Build(logs, p => p.AddModel<FakeModel>(name, path));

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(1, metrics.Sum("personalization.model.loads", ("outcome", "success"), ("model.source", "file")));
        Assert.Equal(0, metrics.Sum("personalization.model.loads", ("outcome", "failure")));
        LogEntry entry = Assert.Single(logs.Entries, e => e.EventId.Id == 1);
        Assert.Equal(PersonalizationTelemetry.LoggerCategory, entry.Category);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("ModelLoaded", entry.EventId.Name);
        Assert.Contains(name, entry.Message, StringComparison.Ordinal);
        Assert.Contains(path, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_CountsFailureAndLogsError()
    {
        string name = Unique();
        using var folder = new TempFolder();
        using var metrics = new MetricsRecorder(name);
        var logs = new TestLoggerFactory();
        using ServiceProvider provider = Build(logs, p => p.AddModel<FakeModel>(name, folder.File("missing.json")));

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(1, metrics.Sum("personalization.model.loads", ("outcome", "failure"), ("model.source", "file")));
        LogEntry entry = Assert.Single(logs.Entries, e => e.EventId.Id == 2);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<InvalidDataException>(entry.Exception);
        Assert.Contains("does not exist", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_SuccessAndRefusal_CountedWithOutcomeAndLogged()
    {
        string name = Unique();
        bool narrow = false;
        using var metrics = new MetricsRecorder(name);
        var logs = new TestLoggerFactory();
        using ServiceProvider provider = Build(logs, p => p.AddModel(name, _ => new SegmentationPipeline(narrow
            ? new SegmentationPipelineOptions { ClusterCount = 3, Columns = ["recency_days", "frequency", "monetary"], LogColumns = ["frequency", "monetary"] }
            : new SegmentationPipelineOptions { ClusterCount = 3 }).Fit(ModelSourceTests.Customers(seed: 8))));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        _ = registry.Get<SegmentationModel>(name);

        registry.Reload(name);
        narrow = true;
        Assert.Throws<InvalidDataException>(() => registry.Reload(name));

        Assert.Equal(1, metrics.Sum("personalization.model.loads", ("outcome", "success"), ("model.source", "factory")));
        Assert.Equal(1, metrics.Sum("personalization.model.reloads", ("outcome", "success")));
        Assert.Equal(1, metrics.Sum("personalization.model.reloads", ("outcome", "refused")));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 3 && e.Level == LogLevel.Information && e.Message.Contains("generation 2", StringComparison.Ordinal));
        LogEntry refused = Assert.Single(logs.Entries, e => e.EventId.Id == 4);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("generation 2 stays in service", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_SuccessAndFailure_CountedTimedAndLogged()
    {
        string name = Unique();
        using var metrics = new MetricsRecorder(name);
        var logs = new TestLoggerFactory();
        using ServiceProvider provider = Build(logs, p => p.AddModel(name, new FakeModel([1, 2])));
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        var bad = new ArgumentException("Feature 'x' is NaN.", "features");

        double sum = registry.Score<FakeModel, double>(name, m => m.Weights.Sum());
        var thrown = Assert.Throws<ArgumentException>(() => registry.Score<FakeModel, double>(name, _ => throw bad));

        Assert.Equal(3, sum);
        Assert.Same(bad, thrown);
        Assert.Equal(1, metrics.Sum("personalization.model.scorings", ("outcome", "success")));
        Assert.Equal(1, metrics.Sum("personalization.model.scorings", ("outcome", "failure"), ("error.type", "System.ArgumentException")));
        Assert.Equal(2, metrics.Count("personalization.model.scoring.duration"));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 5 && e.Level == LogLevel.Debug);
        LogEntry failed = Assert.Single(logs.Entries, e => e.EventId.Id == 6);
        Assert.Same(bad, failed.Exception);
    }

    [Fact]
    public void Score_NullDelegate_Throws()
    {
        using ServiceProvider provider = Build(new TestLoggerFactory(), p => p.AddModel("m", new FakeModel([1])));

        Assert.Throws<ArgumentNullException>(() => provider.GetRequiredService<IModelRegistry>().Score<FakeModel, int>("m", null!));
    }

    [Fact]
    public async Task Host_MeterFromMeterFactory_IsTheNamedMeter()
    {
        string name = Unique();
        using var metrics = new MetricsRecorder(name);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMetrics();
        builder.Services.AddPersonalization(p => p.AddModel(name, new FakeModel([1])));
        using IHost host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(1, metrics.Sum("personalization.model.loads", ("outcome", "success"), ("model.source", "instance")));
    }

    private static string Unique() => "m-" + Guid.NewGuid().ToString("N");

    private static ServiceProvider Build(ILoggerFactory logs, Action<PersonalizationBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(logs);
        services.AddPersonalization(configure);
        return services.BuildServiceProvider();
    }

    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Listens to the package's meter and keeps the measurements of one model name.</summary>
    private sealed class MetricsRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measurement> _measurements = new();

        public MetricsRecorder(string modelName)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PersonalizationTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(modelName, i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(modelName, i, v, tags));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, string Value)[] tags) =>
            Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument) => Matching(instrument, []).Count();

        public void Dispose() => _listener.Dispose();

        private IEnumerable<Measurement> Matching(string instrument, (string Key, string Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out object? v) && Equals(v, t.Value)));

        private void Record(string modelName, Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            if (dictionary.TryGetValue("model.name", out object? n) && Equals(n, modelName))
            {
                _measurements.Enqueue(new Measurement(instrument.Name, value, dictionary));
            }
        }
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>A logger factory that keeps every entry at every level.</summary>
internal sealed class TestLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
