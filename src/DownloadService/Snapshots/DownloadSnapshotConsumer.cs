using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Snapshots;
using ModelHub.Ingest;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// Runs a snapshot job: plans its files, sends them as batches to every DownloadService instance
/// (<see cref="DownloadSnapshotBatch"/>, a few in flight), counts files and bytes as the answers come back, and
/// ends with <see cref="SnapshotDownloaded"/>: completed when every file is stored, failed with the failed paths
/// otherwise. A failed file never stops its siblings; a cancelled job sends no more batches, and the batches in
/// flight hear the cancellation themselves.
/// </summary>
internal sealed class DownloadSnapshotConsumer(
    SnapshotPlanner planner, IRequestClient<DownloadSnapshotBatch> batches, IOptions<SnapshotOptions> options, IOptions<IngestOptions> ingest,
    RunningJobs jobs) : JobConsumer<DownloadSnapshot>(JobKindRegistry.Snapshot, jobs)
{
    private const int FailedPathsInError = 5;

    protected override async Task<JobResult> RunAsync(DownloadSnapshot command, RunningJob job)
    {
        // A retry, or an attempt taken over from an instance that stopped, fetches only what is missing.
        var completes = command.Attempt > 1 || job.Redelivered;
        var plan = await planner.PlanAsync(command, completes, ingest.Value.ParallelThresholdBytes, job.CancellationToken);
        var settings = options.Value;
        job.Progress.ExpectItems("files", plan.Files);
        job.Progress.ExpectBytes(plan.Bytes);
        job.Progress.ResumeBytes(plan.DoneBytes);
        await job.Progress.AddItemsAsync(plan.DoneFiles);

        var failed = new ConcurrentBag<FailedItem>();
        await Parallel.ForEachAsync(planner.BatchesAsync(plan, settings.BatchFiles, job.CancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = settings.BatchesInFlight, CancellationToken = job.CancellationToken },
            async (files, token) =>
            {
                var answer = await RunBatchAsync(command, files, token);
                foreach (var item in answer.Failed)
                {
                    failed.Add(item);
                }

                await job.Progress.AddFailedItemsAsync(answer.Failed.Count);
                await job.Progress.AddItemsAsync(answer.Files, answer.Bytes);
            });

        var figures = job.Progress.Snapshot();
        var snapshot = new SnapshotDownloaded
        {
            JobId = command.JobId,
            RepositoryId = plan.RepositoryId,
            RepoType = plan.RepoType.ToSnakeCase(),
            RepoId = plan.RepoId,
            Commit = plan.Commit,
            Files = plan.Files,
            Bytes = plan.Bytes,
            FailedPaths = [.. failed.Select(f => f.Path).Order(StringComparer.Ordinal)],
        };
        var stored = $"{figures.ItemsDone} of {plan.Files} files of {plan.RepoId}@{plan.Commit} stored ({figures.BytesDone} of {plan.Bytes} bytes)";
        if (failed.IsEmpty)
        {
            return JobResult.Completed(stored + (plan.DoneFiles > 0 ? $"; {plan.DoneFiles} of them were stored before this run" : ""), snapshot);
        }

        var examples = string.Join(", ", snapshot.FailedPaths.Take(FailedPathsInError));
        return JobResult.Failed(
            $"{failed.Count} of {plan.Files} files failed ({examples}{(failed.Count > FailedPathsInError ? ", …" : "")}); {stored}",
            [.. failed], snapshot);
    }

    /// <summary>One batch, sent to whichever instance takes it; a batch that faults or times out fails its files, not the snapshot.</summary>
    private async Task<SnapshotBatchDownloaded> RunBatchAsync(DownloadSnapshot command, IReadOnlyList<SnapshotFile> files, CancellationToken cancellationToken)
    {
        try
        {
            var response = await batches.GetResponse<SnapshotBatchDownloaded>(
                new DownloadSnapshotBatch(command.JobId, command.Attempt, [.. files.Select(f => f.ArtifactId)]),
                cancellationToken, options.Value.BatchTimeout);
            return response.Message;
        }
        catch (Exception e) when (e is RequestFaultException or RequestTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is RequestFaultException fault && fault.Fault?.Exceptions.FirstOrDefault() is { } cause
                ? cause.Message
                : $"its batch was not answered within {options.Value.BatchTimeout}";
            return new SnapshotBatchDownloaded(0, 0, [.. files.Select(f => new FailedItem(f.Path, reason))]);
        }
    }
}
