using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Snapshots;
using ModelHub.Contracts.Sync;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Jobs.Kinds;

/// <summary>
/// Every kind of job, one entry each: the queue of the service that runs it, how an attempt's command is made
/// from the job's row (its payload), and how the command names the job and attempt again. The saga sends
/// commands and fails jobs on their faults through these entries, and each kind's consumer and definition
/// take theirs; a new kind adds one here.
/// </summary>
public static class JobKindRegistry
{
    public static JobKindDescriptor<SyncRepository> Sync { get; } = new(JobKind.Sync, QueueNames.SyncRepository,
        job =>
        {
            var payload = JobPayloads.Deserialize<SyncPayload>(job.Payload);
            return new SyncRepository(job.CorrelationId, payload.RepoId, payload.Revision) { Attempt = job.Attempts, RepoType = payload.RepoType };
        },
        command => new JobAttempt(command.JobId, command.Attempt));

    public static JobKindDescriptor<DownloadArtifact> Download { get; } = new(JobKind.Download, QueueNames.DownloadArtifact,
        job => new DownloadArtifact(job.CorrelationId, JobPayloads.Deserialize<DownloadPayload>(job.Payload).ArtifactId) { Attempt = job.Attempts },
        command => new JobAttempt(command.JobId, command.Attempt));

    public static JobKindDescriptor<ScanStorage> Scan { get; } = new(JobKind.Scan, QueueNames.ScanStorage,
        job => new ScanStorage(job.CorrelationId, JobPayloads.Deserialize<ScanPayload>(job.Payload).Mode) { Attempt = job.Attempts, Options = job.Payload },
        command => new JobAttempt(command.JobId, command.Attempt));

    public static JobKindDescriptor<DownloadSnapshot> Snapshot { get; } = new(JobKind.Snapshot, QueueNames.DownloadSnapshot,
        job =>
        {
            var payload = JobPayloads.Deserialize<SnapshotPayload>(job.Payload);
            return new DownloadSnapshot(job.CorrelationId, payload.RepositoryId, payload.Commit)
            {
                Attempt = job.Attempts, Include = payload.Include, Exclude = payload.Exclude,
            };
        },
        command => new JobAttempt(command.JobId, command.Attempt));

    public static IReadOnlyList<JobKindDescriptor> All { get; } = [Sync, Download, Scan, Snapshot];
}
