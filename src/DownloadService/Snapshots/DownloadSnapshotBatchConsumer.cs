using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Snapshots;
using ModelHub.DownloadService.Downloads;
using ModelHub.Ingest;
using ModelHub.Ingest.Batches;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// Stores one batch of a snapshot's files through the ingest pipeline and answers what became of each. A batch
/// of an attempt that is over (cancelled, failed, retried since) is answered without being run; a cancellation
/// that arrives while it runs stops it. A worker that dies mid-batch leaves the message to another instance,
/// which finds the files stored so far stored.
/// </summary>
internal sealed class DownloadSnapshotBatchConsumer(
    IngestPipeline pipeline, ModelHubDbContext db, RunningJobs jobs, IOptions<SnapshotOptions> options, IOptions<DownloadOptions> downloads,
    ILogger<DownloadSnapshotBatchConsumer> logger) : IConsumer<DownloadSnapshotBatch>
{
    public async Task Consume(ConsumeContext<DownloadSnapshotBatch> context)
    {
        var batch = context.Message;
        if (!await IsCurrentAsync(batch, context.CancellationToken))
        {
            var paths = await db.Artifacts.AsNoTracking().Where(a => batch.ArtifactIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Path, context.CancellationToken);
            await context.RespondAsync(new SnapshotBatchDownloaded(0, 0,
                [.. batch.ArtifactIds.Select(id => new FailedItem(paths.GetValueOrDefault(id, id.ToString()), "the job's attempt is over"))]));
            return;
        }

        using var share = jobs.Share(batch.JobId, context.CancellationToken);
        IReadOnlyList<BatchFileOutcome> outcomes;
        DownloadTelemetry.ActiveDownloads.Add(1);
        try
        {
            var settings = options.Value;
            outcomes = await pipeline.IngestBatchAsync(
                new IngestBatch(batch.JobId, batch.ArtifactIds, downloads.Value.LockTimeout, settings.FileConcurrency, settings.FileAttempts), share.CancellationToken);
        }
        catch (Exception) when (share.WasCancelled && !context.CancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("A batch of snapshot job {JobId} stopped: the job was cancelled", batch.JobId);
            return;
        }
        finally
        {
            DownloadTelemetry.ActiveDownloads.Add(-1);
        }

        var stored = outcomes.Where(o => o.Stored).ToList();
        await context.RespondAsync(new SnapshotBatchDownloaded(
            stored.Count, stored.Sum(o => o.Size), [.. outcomes.Where(o => !o.Stored).Select(o => new FailedItem(o.Path, o.Error!))]));
    }

    /// <summary>
    /// Over is a newer attempt than the batch's, or the batch's own ended. The saga sends an attempt's command before
    /// its row shows that attempt, so a batch may come from an attempt newer than the row it reads: that one is current.
    /// </summary>
    private async Task<bool> IsCurrentAsync(DownloadSnapshotBatch batch, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().Where(j => j.CorrelationId == batch.JobId)
            .Select(j => new { j.Attempts, j.CurrentState }).SingleOrDefaultAsync(cancellationToken);
        return job is not null && (job.Attempts < batch.Attempt
            || (job.Attempts == batch.Attempt && job.CurrentState is JobStateNames.Running or JobStateNames.Pending));
    }
}
