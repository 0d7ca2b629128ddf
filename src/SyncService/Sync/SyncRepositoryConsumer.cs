using ModelHub.Contracts.Sync;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Upstream;

namespace ModelHub.SyncService.Sync;

/// <summary>Runs a sync job; the small files it fetches are its bytes of progress.</summary>
internal sealed class SyncRepositoryConsumer(RepositorySyncer syncer, RunningJobs jobs) : JobConsumer<SyncRepository>(JobKindRegistry.Sync, jobs)
{
    protected override async Task<JobResult> RunAsync(SyncRepository command, RunningJob job)
    {
        var result = await syncer.SyncAsync(command, (done, total) => job.Progress.ReportBytesAsync(done, total).AsTask(), job.CancellationToken);
        return JobResult.Completed(result.Summary(), result.ToEvent(command.JobId));
    }
}

/// <summary>Upstream verdicts (not found, gated) and store verdicts are final: retrying cannot change them.</summary>
internal sealed class SyncRepositoryConsumerDefinition()
    : JobConsumerDefinition<SyncRepositoryConsumer, SyncRepository>(JobKindRegistry.Sync, 4, typeof(HubException), typeof(TimeoutException));
