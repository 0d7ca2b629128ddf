using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Persistence;
using ModelHub.UpstreamSimulator;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// The Api and the real SyncService on a database, a broker virtual host and a store of their own,
/// mirroring the upstream simulator over real HTTP.
/// </summary>
public sealed class SyncFixture : IAsyncLifetime
{
    /// <summary>Files from 1 MiB up wait for a download job; below, the sync fetches them (the simulator's weights are 2 MiB).</summary>
    public const long SmallFileLimit = 1024 * 1024;

    private readonly TestDatabase _database = new("modelhub_sync");
    private TestVirtualHost? _broker;
    private ApiFactory? _api;
    private SyncServiceFactory? _syncService;
    private SimulatorHost? _simulator;

    public string StoreRoot { get; } = Directory.CreateTempSubdirectory("modelhub-sync-store-").FullName;

    public SimulatorHost Simulator => _simulator ?? throw new InvalidOperationException("The fixture is not initialised.");

    public HttpClient CreateClient() => (_api ?? throw new InvalidOperationException("The fixture is not initialised.")).CreateClient();

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync();
        _broker = await TestVirtualHost.CreateAsync("sync");
        _api = new ApiFactory(_database.ConnectionString, _broker.ConnectionString);
        await _api.Services.MigrateModelHubDatabaseAsync();
        _syncService = new SyncServiceFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = _broker.ConnectionString,
            ["Storage:Root"] = StoreRoot,
            ["Upstream:Endpoint"] = _simulator.BaseAddress.ToString(),
            ["Upstream:Token"] = _simulator.Options.Token,
            ["Upstream:RetryBaseDelay"] = "00:00:00.05",
            ["Upstream:MaxRetryDelay"] = "00:00:01",
            ["Sync:SmallFileLimitBytes"] = SmallFileLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _ = _syncService.Services; // starts the host, and with it the consumer
    }

    public async Task ResetAsync()
    {
        Simulator.Catalog.ResetFaults();
        Simulator.Catalog.Requests.Clear();
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("TRUNCATE job, model_revision, model_artifact, model_repo CASCADE"));
    }

    public async Task<T> WithDbAsync<T>(Func<ModelHubDbContext, Task<T>> work)
    {
        await using var scope = _api!.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ModelHubDbContext>());
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new IAsyncDisposable?[] { _syncService, _api, _simulator })
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
