using System.Globalization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Contracts.Downloads;
using ModelHub.Ingest.Fetching;
using ModelHub.Persistence;
using ModelHub.Upstream.Sources;
using ModelHub.UpstreamSimulator;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// The Api and the real SyncService and DownloadService on a database, a broker virtual host and a
/// store of their own, mirroring the upstream simulator over real HTTP.
/// </summary>
public sealed class SyncFixture() : ServiceStackFixture("sync");

/// <summary>
/// The stack of <see cref="SyncFixture"/> plus the real ScanService, on a database, virtual host and store of its own, the
/// Api on real HTTP (the npm client reads what an import brought in).
/// </summary>
public sealed class ScanFixture() : ServiceStackFixture("scan", withScanService: true, realServer: true)
{
    /// <summary>Blobs younger than this are never orphans (tests age the ones they plant).</summary>
    public static readonly TimeSpan OrphanGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>Partial files older than this are stale.</summary>
    public static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    /// <summary>How long a scan waits for a blob a download holds.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(1);

    private readonly TempFolder _cacheView = new("modelhub-scan-view-");

    /// <summary>The ScanService's cache view (<c>CacheView:Folder</c>), outside <see cref="ServiceStackFixture.TempRoot"/>: every scan test runs with it on.</summary>
    public string CacheViewRoot => _cacheView.Path;

    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?> { ["CacheView:Folder"] = CacheViewRoot };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _cacheView.Dispose();
    }
}

/// <summary>The Api and real worker services on a database, a broker virtual host and a store of their own.</summary>
/// <param name="realServer">The Api listens on a loopback port (Kestrel), for a real browser.</param>
public abstract class ServiceStackFixture(string name, bool withScanService = false, bool realServer = false) : IAsyncLifetime
{
    /// <summary>Files from 1 MiB up wait for a download job; below, the sync fetches them (the simulator's weights are 2 MiB).</summary>
    public const long SmallFileLimit = 1024 * 1024;

    private readonly TestDatabase _database = new($"modelhub_{name}");
    private readonly TempFolder _temp = new($"modelhub-{name}-");
    private TestVirtualHost? _broker;
    private ApiFactory? _api;
    private WorkerFactory<ModelHub.SyncService.Sync.SyncOptions>? _syncService;
    private WorkerFactory<ModelHub.DownloadService.Downloads.DownloadOptions>? _downloadService;
    private WorkerFactory<ModelHub.ScanService.Scans.ScanSettings>? _scanService;
    private EventRecorder? _events;
    private SimulatorHost? _simulator;
    private Dictionary<string, string?> _settings = [];
    private readonly Dictionary<string, ApiFactory> _otherApis = [];
    private string? _storeRoot;

    /// <summary>
    /// The fixture's own temporary folder: it holds <see cref="StoreRoot"/> and nothing else, so anything
    /// else that appears in it was written outside the store.
    /// </summary>
    public string TempRoot => _temp.Path;

    public string StoreRoot => _storeRoot ??= Directory.CreateDirectory(Path.Combine(TempRoot, "store")).FullName;

    /// <summary>Files from 4 MiB up are downloaded over several connections, in 1 MiB ranges.</summary>
    public const long ParallelThreshold = 4 * 1024 * 1024;

    public SimulatorHost Simulator => _simulator ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>An independent subscriber of ArtifactDownloaded.</summary>
    public EventRecorder Events => _events ?? throw new InvalidOperationException("The fixture is not initialised.");

    public HttpClient CreateClient() => Api.CreateClient();

    /// <summary>The fixture's own database (for tests that take locks or look at sessions in it).</summary>
    public string PostgresConnectionString => _database.ConnectionString;

    public ApiFactory Api => _api ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The service providers of the Api and every worker service the fixture started.</summary>
    public IEnumerable<IServiceProvider> HostServices =>
        new IServiceProvider?[] { _api?.Services, _syncService?.Services, _downloadService?.Services, _scanService?.Services }.OfType<IServiceProvider>();

    /// <summary>The DownloadService's service provider.</summary>
    public IServiceProvider DownloadServices => _downloadService?.Services ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The fixture's own virtual host of the test broker.</summary>
    public string RabbitMqConnectionString => _broker?.ConnectionString ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The fixture's own database, reached directly.</summary>
    protected string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>What every worker service of the fixture is configured with (for more instances of one).</summary>
    protected IReadOnlyDictionary<string, string?> WorkerSettings => _settings;

    /// <summary>Settings the Api gets on top of the services' shared ones.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ApiSettings => new Dictionary<string, string?>();

    /// <summary>Settings every service of the fixture gets on top of (or instead of) the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>();

    /// <summary>Test services of the fixture's own Api (e.g. an in-memory telemetry exporter).</summary>
    protected virtual void ConfigureApiServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// A second Api on the same database, broker and store, with <paramref name="overrides"/> (for example
    /// an unreachable upstream), over real HTTP; one per set of overrides, stopped with the fixture. (It
    /// hosts the job saga too: stopping it while others run would take in-flight job events with it.)
    /// </summary>
    public ApiFactory ApiWith(IReadOnlyDictionary<string, string?> overrides)
    {
        var key = string.Join(';', overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
        lock (_otherApis)
        {
            if (_otherApis.TryGetValue(key, out var running))
            {
                return running;
            }

            var settings = new Dictionary<string, string?>(_settings);
            foreach (var (setting, value) in ApiSettings.Concat(overrides))
            {
                settings[setting] = value;
            }

            var api = new ApiFactory(_database.ConnectionString, _broker!.ConnectionString, settings: settings);
            api.UseKestrel(0);
            api.StartServer();
            _otherApis[key] = api;
            return api;
        }
    }

    public virtual async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync();
        _broker = await TestVirtualHost.CreateAsync(name);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = _broker.ConnectionString,
            ["Storage:Root"] = StoreRoot,
            // Stacks share the test Redis: their locks must not meet (an edge's sync waits on its central's).
            ["Redis:KeyPrefix"] = $"{_database.Name}:",
            ["Upstream:Endpoint"] = _simulator.BaseAddress.ToString(),
            ["Upstream:Token"] = _simulator.Options.Token,
            ["Upstream:RetryBaseDelay"] = "00:00:00.05",
            ["Upstream:MaxRetryDelay"] = "00:00:01",
            ["Sync:SmallFileLimitBytes"] = SmallFileLimit.ToString(CultureInfo.InvariantCulture),
            ["Downloads:ParallelThresholdBytes"] = ParallelThreshold.ToString(CultureInfo.InvariantCulture),
            ["Downloads:ChunkBytes"] = (1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Downloads:Connections"] = "4",
            ["Scan:OrphanGracePeriod"] = ScanFixture.OrphanGracePeriod.ToString(),
            ["Scan:StaleTempAge"] = ScanFixture.StaleTempAge.ToString(),
            ["Scan:LockTimeout"] = ScanFixture.LockTimeout.ToString(),
        };
        foreach (var (setting, value) in ServiceSettings)
        {
            settings[setting] = value;
        }

        _settings = settings;
        _api = new ApiFactory(_database.ConnectionString, _broker.ConnectionString, ConfigureApiServices, settings.Concat(ApiSettings).ToDictionary());
        if (realServer)
        {
            _api.UseKestrel(0);
            _api.StartServer();
        }

        await _api.Services.MigrateModelHubDatabaseAsync();
        _syncService = new(settings);
        _downloadService = new(settings, services => services.AddConsumeObserver(_ => DownloadsFinished));
        _events = await EventRecorder.StartAsync(_broker.ConnectionString);
        _ = _syncService.Services; // starts the hosts, and with them the consumers
        _ = _downloadService.Services;
        if (withScanService)
        {
            _scanService = new(settings);
            _ = _scanService.Services;
        }
    }

    /// <summary>The download commands the DownloadService finished consuming (see <see cref="FinishedMessages"/>).</summary>
    public FinishedMessages DownloadsFinished { get; } = new();

    /// <summary>
    /// Waits until the DownloadService has finished with every one of <paramref name="jobs"/>' commands (a file's or a snapshot's) (so what they
    /// published is with the broker), then until the event recorder has consumed all of it.
    /// </summary>
    public async Task CatchUpWithDownloadsAsync(IReadOnlyCollection<Guid> jobs)
    {
        await Poll.UntilAsync(() => DownloadsFinished.Snapshot() is var finished && jobs.All(job =>
                finished.OfType<DownloadArtifact>().Any(c => c.JobId == job) || finished.OfType<ModelHub.Contracts.Snapshots.DownloadSnapshot>().Any(c => c.JobId == job)),
            TimeSpan.FromSeconds(30), "every job's command consumed");
        await Events.CatchUpAsync();
    }

    public async Task ResetAsync()
    {
        Simulator.Catalog.ResetFaults();
        Simulator.Catalog.Requests.Clear();
        Events.Downloaded.Clear();
        Events.FilesStored.Clear();
        Events.Synced.Clear();
        Events.Scanned.Clear();
        Events.Snapshots.Clear();
        foreach (var blob in Directory.EnumerateFiles(StoreRoot, "*", SearchOption.AllDirectories))
        {
            try
            {
                File.SetAttributes(blob, FileAttributes.Normal);
                File.Delete(blob);
            }
            catch (FileNotFoundException)
            {
                // A job the last test left running (a sync its page started) moved or removed its part file meanwhile.
            }
        }

        await _api!.ResetDatabaseAsync();
        // What a service learnt of its upstreams (open circuits, wrong bytes) must not steer the next test.
        foreach (var services in HostServices)
        {
            if (services.GetService<UpstreamStates>() is { } upstreams)
            {
                await upstreams.CloseCircuitsAsync();
            }

            services.GetService<WrongSources>()?.ForgetAll();
        }
    }

    public Task<T> WithDbAsync<T>(Func<ModelHubDbContext, Task<T>> work) => _api!.WithDbAsync(work);

    public virtual async Task DisposeAsync()
    {
        foreach (var api in _otherApis.Values)
        {
            await api.DisposeAsync();
        }

        await Disposables.DisposeAllAsync(_events, _scanService, _downloadService, _syncService, _api, _simulator, _database, _broker);
        _temp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SyncCollection : ICollectionFixture<SyncFixture>
{
    public const string Name = "sync";
}

[CollectionDefinition(Name)]
public sealed class ScanCollection : ICollectionFixture<ScanFixture>
{
    public const string Name = "scan";
}
