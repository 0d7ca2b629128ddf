using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Sync;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>An independent subscriber of <see cref="ArtifactDownloaded"/> and <see cref="RepositorySynced"/> on a queue of its own, as another team's service would be.</summary>
public sealed class EventRecorder : IAsyncDisposable
{
    private readonly IHost _host;

    private EventRecorder(IHost host) => _host = host;

    public ConcurrentQueue<ArtifactDownloaded> Downloaded { get; } = new();

    public ConcurrentQueue<RepositorySynced> Synced { get; } = new();

    public ConcurrentQueue<StorageScanned> Scanned { get; } = new();

    public static async Task<EventRecorder> StartAsync(string rabbitMqConnectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{MessagingExtensions.ConnectionStringName}"] = rabbitMqConnectionString;
        EventRecorder? recorder = null;
        builder.Services.AddSingleton(_ => recorder!);
        builder.AddModelHubBus(bus => bus.AddConsumer<Recorder>().Endpoint(e => e.Name = "test-audit-events"));
        recorder = new EventRecorder(builder.Build());
        await recorder._host.StartAsync();
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

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
