using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelHub.IntegrationTests.Observability;

/// <summary>
/// The stack of <see cref="ScanFixture"/> (Api, SyncService, DownloadService, ScanService and an
/// independent subscriber in this process) whose Api's OpenTelemetry providers also export to memory.
/// Listeners are process-wide, so they see the spans and measurements of every host here: tests pick
/// theirs by trace id, and measure deltas.
/// </summary>
public sealed class ObservabilityFixture() : ServiceStackFixture("obs", withScanService: true)
{
    public LockedList<Activity> Spans { get; } = new();

    public LockedList<MetricSnapshot> Metrics { get; } = new();

    /// <summary>The store-size gauge lists the store at every collection, so each test sees its own writes.</summary>
    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Storage:SizeRefreshInterval"] = "00:00:00",
    };

    protected override void ConfigureApiServices(IServiceCollection services)
    {
        // Without an OTLP endpoint the services record no spans; this exporter reads them, so the Api records them all.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
    }

    /// <summary>Collects every instrument now and returns the figures, cumulative since the fixture started.</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        Metrics.Clear();
        // The Prometheus reader only answers scrapes, so ForceFlush says false; the in-memory one has exported.
        Api.Services.GetRequiredService<MeterProvider>().ForceFlush();
        return Metrics.Snapshot();
    }
}

/// <summary>
/// Runs alone: the metrics are process-wide, and a download of another collection running meanwhile
/// would count in them. (The OTLP test also sets an environment variable every host would read.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityFixture>
{
    public const string Name = "observability";
}
