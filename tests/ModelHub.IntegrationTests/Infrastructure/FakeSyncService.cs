using System.Collections.Concurrent;
using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Sync;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for the SyncService on the real RabbitMQ: takes <see cref="SyncRepository"/> from its
/// queue and does what the test says (by default: start, then complete). Its bus also lets tests
/// publish events as a service would.
/// </summary>
public sealed class FakeSyncService : BusHost
{
    private FakeSyncService()
    {
    }

    public static Func<ConsumeContext<SyncRepository>, Task> CompleteAtOnce { get; } = async context =>
    {
        await context.Publish(new JobStarted(context.Message.JobId, context.Message.Attempt));
        await context.Publish(new JobCompleted(context.Message.JobId, context.Message.Attempt));
    };

    public static Func<ConsumeContext<SyncRepository>, Task> StartAndHold { get; } =
        context => context.Publish(new JobStarted(context.Message.JobId, context.Message.Attempt));

    /// <summary>What the service does with each command; tests set it.</summary>
    public Func<ConsumeContext<SyncRepository>, Task> Behaviour { get; set; } = CompleteAtOnce;

    public ConcurrentDictionary<Guid, int> CommandsReceived { get; } = new();

    public static Task<FakeSyncService> StartAsync(string rabbitMqConnectionString) =>
        StartAsync<FakeSyncService, FakeSyncConsumer>(new FakeSyncService(), rabbitMqConnectionString, QueueNames.SyncRepository);

    private sealed class FakeSyncConsumer(FakeSyncService service) : IConsumer<SyncRepository>
    {
        public Task Consume(ConsumeContext<SyncRepository> context)
        {
            service.CommandsReceived.AddOrUpdate(context.Message.JobId, 1, (_, n) => n + 1);
            return service.Behaviour(context);
        }
    }
}
