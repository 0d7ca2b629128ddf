using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.DownloadService.Downloads;

/// <summary>Runs a download job; the downloader writes its live bytes, and the artifact's size is its final figure.</summary>
internal sealed class DownloadArtifactConsumer(ArtifactDownloader downloader, RunningJobs jobs) : JobConsumer<DownloadArtifact>(JobKindRegistry.Download, jobs)
{
    protected override async Task<JobResult> RunAsync(DownloadArtifact command, RunningJob job)
    {
        DownloadTelemetry.ActiveDownloads.Add(1);
        try
        {
            var downloaded = await downloader.DownloadAsync(command, job.CancellationToken);
            await job.Progress.ReportBytesAsync(downloaded.Size, downloaded.Size);
            var summary = downloaded.Deduplicated
                ? $"{downloaded.Path} was already stored as {downloaded.StoredPath} ({downloaded.Size} bytes)"
                : $"downloaded {downloaded.Path} ({downloaded.Size} bytes), verified, stored as {downloaded.StoredPath}";
            return JobResult.Completed(summary, downloaded);
        }
        finally
        {
            DownloadTelemetry.ActiveDownloads.Add(-1);
        }
    }
}

/// <summary>
/// Bytes that break their promise, upstream verdicts and a missing artifact are final; a dropped
/// connection or a stalled body is retried, and the retry resumes where the partial file ends.
/// </summary>
internal sealed class DownloadArtifactConsumerDefinition()
    : JobConsumerDefinition<DownloadArtifactConsumer, DownloadArtifact>(JobKindRegistry.Download, 4, typeof(ContentMismatchException))
{
    // The client already retried what it could retry (429, 5xx, no connection): those answers are verdicts here.
    protected override void IgnoreVerdicts(IExceptionConfigurator retry) => retry.Ignore<HubException>(e => e.Error != HubError.Stalled);
}
