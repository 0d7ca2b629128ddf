using MassTransit;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Snapshots;
using ModelHub.DownloadService.Downloads;
using ModelHub.Ingest;
using ModelHub.Ingest.Batches;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Records;
using ModelHub.Persistence.Artifacts;
using Npgsql;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// Stores one batch of a snapshot's files through the ingest pipeline and answers what became of each. A batch
/// of an attempt that is over (cancelled, failed, retried since) is answered without being run; a cancellation
/// that arrives while it runs stops it. A worker that dies mid-batch leaves the message to another instance,
/// which finds the files stored so far stored.
/// </summary>
internal sealed class DownloadSnapshotBatchConsumer(
    IngestPipeline pipeline, ArtifactRecords artifacts, NpgsqlDataSource postgres, RunningJobs jobs, IOptions<SnapshotOptions> options, IOptions<DownloadOptions> downloads,
    ILogger<DownloadSnapshotBatchConsumer> logger) : IConsumer<DownloadSnapshotBatch>
{
    private const string JobSql = "SELECT attempts, current_state FROM job WHERE correlation_id = @id";

    public async Task Consume(ConsumeContext<DownloadSnapshotBatch> context)
    {
        var batch = context.Message;
        if (!await IsCurrentAsync(batch, context.CancellationToken))
        {
            var paths = (await artifacts.FindAsync(batch.ArtifactIds, context.CancellationToken)).ToDictionary(f => f.Artifact.Id, f => f.Artifact.Path);
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
        await using var command = postgres.CreateCommand(JobSql);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", batch.JobId));
        await using var job = await command.ExecuteReaderAsync(cancellationToken);
        if (!await job.ReadAsync(cancellationToken))
        {
            return false;
        }

        var (attempts, state) = (job.GetInt32(0), job.IsDBNull(1) ? null : job.GetString(1));
        return attempts < batch.Attempt || (attempts == batch.Attempt && state is JobStateNames.Running or JobStateNames.Pending);
    }
}
