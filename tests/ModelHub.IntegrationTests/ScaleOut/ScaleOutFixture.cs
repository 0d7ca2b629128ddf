using MassTransit;

namespace ModelHub.IntegrationTests.ScaleOut;

/// <summary>The stack with two instances of the SyncService and of the DownloadService on one broker, database and store.</summary>
public sealed class ScaleOutFixture() : ServiceStackFixture("scale")
{
    private readonly List<IAsyncDisposable> _extraInstances = [];
    private readonly List<HttpClient> _extraHealth = [];

    /// <summary>Jobs the second DownloadService instance took (the first took the rest).</summary>
    public ConsumedCounter SecondDownloadService { get; } = new();

    /// <summary>Jobs the second SyncService instance took.</summary>
    public ConsumedCounter SecondSyncService { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var secondSync = new WorkerFactory<ModelHub.SyncService.Sync.SyncOptions>(
            WorkerSettings, services => services.AddConsumeObserver(_ => SecondSyncService));
        var secondDownload = new WorkerFactory<ModelHub.DownloadService.Downloads.DownloadOptions>(
            WorkerSettings, services => services.AddConsumeObserver(_ => SecondDownloadService));
        _extraInstances.Add(secondSync);
        _extraInstances.Add(secondDownload);
        _ = secondSync.Services;
        _ = secondDownload.Services;
        _extraHealth.Add(secondSync.CreateClient());
        _extraHealth.Add(secondDownload.CreateClient());
    }

    /// <summary>The second instances' <c>/health/ready</c> answers (each must be 200: every queue of theirs declared).</summary>
    public async Task<HttpStatusCode[]> SecondInstancesReadinessAsync() =>
        await Task.WhenAll(_extraHealth.Select(async client => (await client.GetAsync("/health/ready")).StatusCode));

    public override async Task DisposeAsync()
    {
        foreach (var instance in _extraInstances)
        {
            await instance.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>Counts the job commands one worker instance finished consuming.</summary>
public sealed class ConsumedCounter : IConsumeObserver
{
    private int _count;
    private int _batches;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Batches of snapshot jobs the instance finished consuming.</summary>
    public int Batches => Volatile.Read(ref _batches);

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is ModelHub.Contracts.Downloads.DownloadArtifact or ModelHub.Contracts.Sync.SyncRepository)
        {
            Interlocked.Increment(ref _count);
        }
        else if (context.Message is ModelHub.Contracts.Snapshots.DownloadSnapshotBatch)
        {
            Interlocked.Increment(ref _batches);
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutFixture>
{
    public const string Name = "scale-out";
}
