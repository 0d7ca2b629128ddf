using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Persistence;
using ModelHub.UpstreamSimulator;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelHub.IntegrationTests.Observability;

/// <summary>
/// The Api, the SyncService, the DownloadService, the ScanService and an independent subscriber in this process,
/// on a database, a broker virtual host and a store of their own, mirroring the upstream simulator.
/// The Api's OpenTelemetry providers also export to memory. Listeners are process-wide, so they see
/// the spans and measurements of every host here: tests pick theirs by trace id, and measure deltas.
/// </summary>
public sealed class ObservabilityFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new("modelhub_obs");
    private TestVirtualHost? _broker;
    private ApiFactory? _api;
    private WorkerFactory<ModelHub.SyncService.Sync.SyncOptions>? _syncService;
    private WorkerFactory<ModelHub.DownloadService.Downloads.DownloadOptions>? _downloadService;
    private WorkerFactory<ModelHub.ScanService.Scans.ScanSettings>? _scanService;
    private EventRecorder? _events;
    private SimulatorHost? _simulator;

    public string StoreRoot { get; } = Directory.CreateTempSubdirectory("modelhub-obs-store-").FullName;

    public LockedList<Activity> Spans { get; } = new();

    public LockedList<MetricSnapshot> Metrics { get; } = new();

    public SimulatorHost Simulator => _simulator ?? throw new InvalidOperationException("The fixture is not initialised.");

    public EventRecorder Events => _events ?? throw new InvalidOperationException("The fixture is not initialised.");

    public ApiFactory Api => _api ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync();
        _broker = await TestVirtualHost.CreateAsync("obs");
        _api = new ApiFactory(_database.ConnectionString, _broker.ConnectionString, services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        });
        await _api.Services.MigrateModelHubDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = _broker.ConnectionString,
            ["Storage:Root"] = StoreRoot,
            ["Storage:SizeRefreshInterval"] = "00:00:00",
            ["Upstream:Endpoint"] = _simulator.BaseAddress.ToString(),
            ["Upstream:Token"] = _simulator.Options.Token,
            ["Upstream:RetryBaseDelay"] = "00:00:00.05",
            ["Upstream:MaxRetryDelay"] = "00:00:01",
            ["Sync:SmallFileLimitBytes"] = SyncFixture.SmallFileLimit.ToString(CultureInfo.InvariantCulture),
        };
        _syncService = new(settings);
        _downloadService = new(settings);
        _events = await EventRecorder.StartAsync(_broker.ConnectionString);
        _ = _syncService.Services;
        _ = _downloadService.Services;
        _scanService = new(settings);
        _ = _scanService.Services;
    }

    public HttpClient CreateClient() => Api.CreateClient();

    public Task<T> WithDbAsync<T>(Func<ModelHubDbContext, Task<T>> work) => Api.WithDbAsync(work);

    /// <summary>Collects every instrument now and returns the figures, cumulative since the fixture started.</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        Metrics.Clear();
        // The Prometheus reader only answers scrapes, so ForceFlush says false; the in-memory one has exported.
        Api.Services.GetRequiredService<MeterProvider>().ForceFlush();
        return Metrics.Snapshot();
    }

    public async Task ResetAsync()
    {
        Simulator.Catalog.ResetFaults();
        Simulator.Catalog.Requests.Clear();
        Events.Downloaded.Clear();
        Events.Synced.Clear();
        foreach (var file in Directory.EnumerateFiles(StoreRoot, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
            File.Delete(file);
        }

        await Api.ResetDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new IAsyncDisposable?[] { _events, _scanService, _downloadService, _syncService, _api, _simulator })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        await _database.DropAsync();
        if (_broker is not null)
        {
            await _broker.DeleteAsync();
        }

        foreach (var file in Directory.EnumerateFiles(StoreRoot, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(StoreRoot, recursive: true);
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
