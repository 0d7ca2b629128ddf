using ModelHub.Contracts.Sync;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;

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
