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

/// <summary>One scan at a time per instance: scans are disk-bound, and two of them would only slow each other down.</summary>
internal sealed class ScanStorageConsumerDefinition() : JobConsumerDefinition<ScanStorageConsumer, ScanStorage>(JobKindRegistry.Scan, 1);
