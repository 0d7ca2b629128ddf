using ModelHub.Contracts.Scans;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;

namespace ModelHub.ScanService.Scans;

/// <summary>Runs a scan job and tells everyone what it found.</summary>
internal sealed class ScanStorageConsumer(StorageScanner scanner, RunningJobs jobs) : JobConsumer<ScanStorage>(JobKindRegistry.Scan, jobs)
{
    protected override async Task<JobResult> RunAsync(ScanStorage command, RunningJob job)
    {
        var scanned = await scanner.RunAsync(command, job.Progress, job.CancellationToken);
        return JobResult.Completed(scanned.Summary, scanned);
    }
}
