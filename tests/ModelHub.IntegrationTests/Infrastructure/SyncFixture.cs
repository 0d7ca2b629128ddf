using System.Globalization;
using ModelHub.Persistence;
using ModelHub.UpstreamSimulator;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// The Api and the real SyncService and DownloadService on a database, a broker virtual host and a
/// store of their own, mirroring the upstream simulator over real HTTP.
/// </summary>
public class SyncFixture : IAsyncLifetime
{
    /// <summary>Files from 1 MiB up wait for a download job; below, the sync fetches them (the simulator's weights are 2 MiB).</summary>
    public const long SmallFileLimit = 1024 * 1024;

    private readonly TestDatabase _database = new("modelhub_sync");
    private TestVirtualHost? _broker;
    private ApiFactory? _api;
    private WorkerFactory<ModelHub.SyncService.Sync.SyncOptions>? _syncService;
    private WorkerFactory<ModelHub.DownloadService.Downloads.DownloadOptions>? _downloadService;
    private EventRecorder? _events;
    private SimulatorHost? _simulator;
    private Dictionary<string, string?> _settings = [];
    private readonly Dictionary<string, ApiFactory> _otherApis = [];

    public string StoreRoot { get; } = Directory.CreateTempSubdirectory("modelhub-sync-store-").FullName;

    /// <summary>Files from 4 MiB up are downloaded over several connections, in 1 MiB ranges.</summary>
    public const long ParallelThreshold = 4 * 1024 * 1024;

    public SimulatorHost Simulator => _simulator ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>An independent subscriber of ArtifactDownloaded.</summary>
    public EventRecorder Events => _events ?? throw new InvalidOperationException("The fixture is not initialised.");

    public HttpClient CreateClient() => (_api ?? throw new InvalidOperationException("The fixture is not initialised.")).CreateClient();

    /// <summary>The Api serves over real HTTP (Kestrel on a free port) instead of the in-memory test server.</summary>
    protected virtual bool ServeOverKestrel => false;

    /// <summary>Settings the Api gets on top of the services' shared ones.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ApiSettings => new Dictionary<string, string?>();

    /// <summary>
    /// A second Api on the same database, broker and store, with <paramref name="overrides"/> (for example
    /// an unreachable upstream), over real HTTP; one per set of overrides, stopped with the fixture. (It
    /// hosts the job saga too: stopping it while others run would take in-flight job events with it.)
    /// </summary>
    public ApiFactory ApiWith(IReadOnlyDictionary<string, string?> overrides)
    {
        var name = string.Join(';', overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
        lock (_otherApis)
        {
            if (_otherApis.TryGetValue(name, out var running))
            {
                return running;
            }

            var settings = new Dictionary<string, string?>(_settings);
            foreach (var (key, value) in ApiSettings.Concat(overrides))
            {
                settings[key] = value;
            }

            var api = new ApiFactory(_database.ConnectionString, _broker!.ConnectionString, settings: settings);
            api.UseKestrel(0);
            api.StartServer();
            _otherApis[name] = api;
            return api;
        }
    }

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync();
        _broker = await TestVirtualHost.CreateAsync("sync");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = _broker.ConnectionString,
            ["Storage:Root"] = StoreRoot,
            ["Upstream:Endpoint"] = _simulator.BaseAddress.ToString(),
            ["Upstream:Token"] = _simulator.Options.Token,
            ["Upstream:RetryBaseDelay"] = "00:00:00.05",
            ["Upstream:MaxRetryDelay"] = "00:00:01",
            ["Sync:SmallFileLimitBytes"] = SmallFileLimit.ToString(CultureInfo.InvariantCulture),
            ["Downloads:ParallelThresholdBytes"] = ParallelThreshold.ToString(CultureInfo.InvariantCulture),
            ["Downloads:ChunkBytes"] = (1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Downloads:Connections"] = "4",
        };
        _settings = settings;
        _api = new ApiFactory(_database.ConnectionString, _broker.ConnectionString, settings: settings.Concat(ApiSettings).ToDictionary());
        if (ServeOverKestrel)
        {
            _api.UseKestrel(0);
            _api.StartServer();
        }

        await _api.Services.MigrateModelHubDatabaseAsync();
        _syncService = new(settings);
        _downloadService = new(settings);
        _events = await EventRecorder.StartAsync(_broker.ConnectionString);
        _ = _syncService.Services; // starts the hosts, and with them the consumers
        _ = _downloadService.Services;
    }

    public async Task ResetAsync()
    {
        Simulator.Catalog.ResetFaults();
        Simulator.Catalog.Requests.Clear();
        Events.Downloaded.Clear();
        Events.Synced.Clear();
        foreach (var blob in Directory.Exists(Path.Combine(StoreRoot, "blobs")) ? Directory.EnumerateFiles(StoreRoot, "*", SearchOption.AllDirectories) : [])
        {
            File.SetAttributes(blob, FileAttributes.Normal);
            File.Delete(blob);
        }
        await _api!.ResetDatabaseAsync();
    }

    public Task<T> WithDbAsync<T>(Func<ModelHubDbContext, Task<T>> work) => _api!.WithDbAsync(work);

    public async Task DisposeAsync()
    {
        foreach (var api in _otherApis.Values)
        {
            await api.DisposeAsync();
        }

        foreach (var host in new IAsyncDisposable?[] { _events, _downloadService, _syncService, _api, _simulator })
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

[CollectionDefinition(Name)]
public sealed class SyncCollection : ICollectionFixture<SyncFixture>
{
    public const string Name = "sync";
}
