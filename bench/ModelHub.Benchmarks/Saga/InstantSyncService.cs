using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Sync;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Benchmarks.Saga;

/// <summary>
/// A SyncService that does no work: it starts and completes each job at once, so the figures are the
/// pipeline's own (API → PostgreSQL → RabbitMQ → saga → worker → saga). It also answers pings, the
/// baseline: a bare MassTransit request/response over the same broker, with no database.
/// </summary>
internal static class InstantSyncService
{
    public static async Task<IHost> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{MessagingExtensions.ConnectionStringName}"] = BenchOptions.Require("ConnectionStrings__RabbitMq");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddModelHubBus(bus =>
        {
            bus.AddConsumer<InstantSyncConsumer>().Endpoint(e =>
            {
                e.Name = QueueNames.SyncRepository;
                e.ConcurrentMessageLimit = 16;
            });
            bus.AddConsumer<PingConsumer>().Endpoint(e => e.ConcurrentMessageLimit = 16);
            bus.AddRequestClient<Ping>();
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private sealed class InstantSyncConsumer : IConsumer<SyncRepository>
    {
        public async Task Consume(ConsumeContext<SyncRepository> context)
        {
            await context.Publish(new JobStarted(context.Message.JobId, context.Message.Attempt));
            await context.Publish(new JobCompleted(context.Message.JobId, context.Message.Attempt));
        }
    }

    private sealed class PingConsumer : IConsumer<Ping>
    {
        public Task Consume(ConsumeContext<Ping> context) => context.RespondAsync(new Pong(context.Message.Id));
    }
}

internal sealed record Ping(Guid Id);

internal sealed record Pong(Guid Id);
