using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Progress;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.DownloadService.Downloads;

/// <summary>Runs a download job; a failure is thrown, and the job saga turns its fault into a failed job.</summary>
internal sealed class DownloadArtifactConsumer(ArtifactDownloader downloader, LiveProgress live, RunningDownloads running) : IConsumer<DownloadArtifact>
{
    public async Task Consume(ConsumeContext<DownloadArtifact> context)
    {
        var (jobId, attempt) = (context.Message.JobId, context.Message.Attempt);
        await context.Publish(new JobStarted(jobId, attempt));

        ArtifactDownloaded downloaded;
        using (var download = running.Start(jobId, context.CancellationToken))
        {
            try
            {
                downloaded = await downloader.DownloadAsync(context.Message, download.Token);
            }
            catch (OperationCanceledException) when (download.WasCancelled && !context.CancellationToken.IsCancellationRequested)
            {
                // The saga already says Cancelled; the partial file stays for a retry, or for the sweeper.
                throw new DownloadCancelledException(jobId);
            }
        }

        // The artifact row is committed: now subscribers may hear of it.
        await context.Publish(downloaded);
        await context.Publish(new JobProgressed(jobId, attempt, downloaded.Size) { BytesTotal = downloaded.Size });
        await context.Publish(new JobCompleted(jobId, attempt)
        {
            Summary = downloaded.Deduplicated
                ? $"{downloaded.Path} was already stored as {downloaded.StoredPath} ({downloaded.Size} bytes)"
                : $"downloaded {downloaded.Path} ({downloaded.Size} bytes), verified, stored as {downloaded.StoredPath}",
        });
        await live.ForgetAsync(jobId);
    }
}

/// <summary>
/// Bytes that break their promise, upstream verdicts and a missing artifact are final; a dropped
/// connection or a stalled body is retried, and the retry resumes where the partial file ends.
/// </summary>
internal sealed class DownloadArtifactConsumerDefinition()
    : JobConsumerDefinition<DownloadArtifactConsumer>(
        QueueNames.DownloadArtifact, 4, typeof(ContentMismatchException), typeof(DownloadCancelledException))
{
    // The client already retried what it could retry (429, 5xx, no connection): those answers are verdicts here.
    protected override void IgnoreVerdicts(IExceptionConfigurator retry) => retry.Ignore<HubException>(e => e.Error != HubError.Stalled);
}
