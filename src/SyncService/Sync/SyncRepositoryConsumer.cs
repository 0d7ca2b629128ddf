using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Sync;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.SyncService.Sync;

/// <summary>
/// Takes sync jobs. The upstream client and the sync itself come with the metadata sync issue;
/// until then the job says so plainly instead of pretending to succeed.
/// </summary>
public sealed class SyncRepositoryConsumer : IConsumer<SyncRepository>
{
    public async Task Consume(ConsumeContext<SyncRepository> context)
    {
        await context.Publish(new JobStarted(context.Message.JobId, context.Message.Attempt));
        throw new NotSupportedException("Metadata sync is not available in this version of ModelHub.");
    }
}

public sealed class SyncRepositoryConsumerDefinition() : JobConsumerDefinition<SyncRepositoryConsumer>(QueueNames.SyncRepository, 4);
