using MassTransit;
using ModelHub.Persistence;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// Boots the Api once per collection on a database of its own (created by the migrations,
/// dropped at the end); each test calls <see cref="ResetAsync"/> for an empty schema.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private ApiFactory? _factory;
    private FakeSyncService? _syncService;
    private TestVirtualHost? _broker;

    private readonly TestDatabase _database = new("modelhub_it");

    public string DatabaseName => _database.Name;

    /// <summary>This fixture's virtual host on the test RabbitMQ.</summary>
    public string RabbitMqConnectionString => _broker?.ConnectionString ?? throw new InvalidOperationException("The fixture is not initialised.");

    public ApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The stand-in SyncService on the same RabbitMQ (set its behaviour per test).</summary>
    public FakeSyncService SyncService => _syncService ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string ConnectionString => _database.ConnectionString;

    /// <summary>The messages the Api finished consuming, the job saga's among them (see <see cref="FinishedMessages"/>).</summary>
    public FinishedMessages ApiFinished { get; } = new();

    public async Task InitializeAsync()
    {
        _broker = await TestVirtualHost.CreateAsync("it");
        _factory = new ApiFactory(ConnectionString, _broker.ConnectionString, services => services.AddConsumeObserver(_ => ApiFinished));
        await _factory.Services.MigrateModelHubDatabaseAsync();
        _syncService = await FakeSyncService.StartAsync(_broker.ConnectionString);
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task ResetAsync()
    {
        await Factory.ResetDatabaseAsync();
        SyncService.Behaviour = FakeSyncService.CompleteAtOnce;
        SyncService.CommandsReceived.Clear();
    }

    public Task<T> WithDbAsync<T>(Func<ModelHubDbContext, Task<T>> work) => Factory.WithDbAsync(work);

    public Task DisposeAsync() => Disposables.DisposeAllAsync(_syncService, _factory, _database, _broker);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
