using MassTransit;
using Microsoft.Extensions.Options;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// The batches' queue, shared by every instance. What fails a whole batch (a lost database or broker, a full disk)
/// is retried a few times, then faults back to the snapshot, which counts the batch's files as failed.
/// </summary>
internal sealed class DownloadSnapshotBatchConsumerDefinition : ConsumerDefinition<DownloadSnapshotBatchConsumer>
{
    public DownloadSnapshotBatchConsumerDefinition(IOptions<SnapshotOptions> options)
    {
        EndpointName = QueueNames.DownloadSnapshotBatch;
        ConcurrentMessageLimit = options.Value.ConcurrentBatches;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DownloadSnapshotBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // A batch waits in the queue rather than in an instance's prefetch, so an idle instance can take it.
        endpointConfigurator.PrefetchCount = ConcurrentMessageLimit ?? 1;
        endpointConfigurator.UseOutageRetry();
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(OutageRetry.IsOutage);
            retry.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
        });
    }
}
