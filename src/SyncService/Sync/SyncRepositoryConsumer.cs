using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Sync;
using ModelHub.Jobs.Consumers;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.Upstream;

namespace ModelHub.SyncService.Sync;

/// <summary>Runs a sync job; a failure is thrown, and the job saga turns its fault into a failed job.</summary>
internal sealed class SyncRepositoryConsumer(RepositorySyncer syncer) : IConsumer<SyncRepository>
{
    public async Task Consume(ConsumeContext<SyncRepository> context)
    {
        var (jobId, attempt) = (context.Message.JobId, context.Message.Attempt);
        await context.Publish(new JobStarted(jobId, attempt));
        var progress = new ProgressThrottle(TimeSpan.FromMilliseconds(500));

        var result = await syncer.SyncAsync(context.Message, (done, total) =>
            progress.ShouldReport(done == total)
                ? context.Publish(new JobProgressed(jobId, attempt, done) { BytesTotal = total })
                : Task.CompletedTask, context.CancellationToken);

        await context.Publish(result.ToEvent(jobId));
        await context.Publish(new JobCompleted(jobId, attempt) { Summary = result.Summary() });
    }
}

/// <summary>Upstream verdicts (not found, gated) and store verdicts are final: retrying cannot change them.</summary>
internal sealed class SyncRepositoryConsumerDefinition()
    : JobConsumerDefinition<SyncRepositoryConsumer>(QueueNames.SyncRepository, 4, typeof(HubException), typeof(TimeoutException));
