using System.Collections.Concurrent;
using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Snapshots;
using ModelHub.Contracts.Sync;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// An independent subscriber of <see cref="ArtifactDownloaded"/>, <see cref="RepositoryFilesStored"/>, <see cref="RepositorySynced"/>, <see cref="StorageScanned"/> and <see cref="SnapshotDownloaded"/>
/// on a queue of its own, as another team's service would be. Before asserting that an event did not come (or came once), a
/// test calls <see cref="BusHost.CatchUpAsync"/> after the work that would have published it has ended.
/// </summary>
public sealed class EventRecorder : BusHost
{
    private EventRecorder()
    {
    }

    public ConcurrentQueue<ArtifactDownloaded> Downloaded { get; } = new();

    public ConcurrentQueue<RepositoryFilesStored> FilesStored { get; } = new();

    public ConcurrentQueue<RepositorySynced> Synced { get; } = new();

    public ConcurrentQueue<StorageScanned> Scanned { get; } = new();

    public ConcurrentQueue<SnapshotDownloaded> Snapshots { get; } = new();

    public static Task<EventRecorder> StartAsync(string rabbitMqConnectionString) =>
        StartAsync<EventRecorder, Recorder>(new EventRecorder(), rabbitMqConnectionString, "test-audit-events");

    private sealed class Recorder(EventRecorder recorder)
        : IConsumer<ArtifactDownloaded>, IConsumer<RepositoryFilesStored>, IConsumer<RepositorySynced>, IConsumer<StorageScanned>, IConsumer<SnapshotDownloaded>
    {
        public Task Consume(ConsumeContext<SnapshotDownloaded> context)
        {
            recorder.Snapshots.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<StorageScanned> context)
        {
            recorder.Scanned.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<ArtifactDownloaded> context)
        {
            recorder.Downloaded.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<RepositoryFilesStored> context)
        {
            recorder.FilesStored.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<RepositorySynced> context)
        {
            recorder.Synced.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }
}
