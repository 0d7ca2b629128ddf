using System.Collections.Concurrent;
using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Sync;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>An independent subscriber of <see cref="ArtifactDownloaded"/> and <see cref="RepositorySynced"/> on a queue of its own, as another team's service would be.</summary>
public sealed class EventRecorder : BusHost
{
    private EventRecorder()
    {
    }

    public ConcurrentQueue<ArtifactDownloaded> Downloaded { get; } = new();

    public ConcurrentQueue<RepositorySynced> Synced { get; } = new();

    public ConcurrentQueue<StorageScanned> Scanned { get; } = new();

    public static Task<EventRecorder> StartAsync(string rabbitMqConnectionString) =>
        StartAsync(new EventRecorder(), rabbitMqConnectionString, bus => bus.AddConsumer<Recorder>().Endpoint(e => e.Name = "test-audit-events"));

    private sealed class Recorder(EventRecorder recorder) : IConsumer<ArtifactDownloaded>, IConsumer<RepositorySynced>, IConsumer<StorageScanned>
    {
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

        public Task Consume(ConsumeContext<RepositorySynced> context)
        {
            recorder.Synced.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }
}
