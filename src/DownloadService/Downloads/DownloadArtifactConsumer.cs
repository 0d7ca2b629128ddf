using Microsoft.Extensions.Options;
using ModelHub.Contracts.Downloads;
using ModelHub.Ingest;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;

namespace ModelHub.DownloadService.Downloads;

/// <summary>Runs a download job through the ingest pipeline, which publishes <c>ArtifactDownloaded</c>; the artifact's size is the final figure.</summary>
internal sealed class DownloadArtifactConsumer(IngestPipeline pipeline, IOptions<DownloadOptions> options, RunningJobs jobs)
    : JobConsumer<DownloadArtifact>(JobKindRegistry.Download, jobs)
{
    protected override async Task<JobResult> RunAsync(DownloadArtifact command, RunningJob job)
    {
        DownloadTelemetry.ActiveDownloads.Add(1);
        try
        {
            var request = new IngestRequest(command.ArtifactId, options.Value.LockTimeout) { JobId = command.JobId };
            var (downloaded, sources) = await pipeline.IngestAsync(request, new JobProgressObserver(job.Progress), job.CancellationToken);
            await job.Progress.ReportBytesAsync(downloaded.Size, downloaded.Size);
            var summary = downloaded.Deduplicated
                ? $"{downloaded.Path} was already stored as {downloaded.StoredPath} ({downloaded.Size} bytes)"
                : $"downloaded {downloaded.Path} ({downloaded.Size} bytes), verified, stored as {downloaded.StoredPath}"
                    + (sources.ToString() is { Length: > 0 } from ? $"; {from}" : "");
            return JobResult.Completed(summary);
        }
        finally
        {
            DownloadTelemetry.ActiveDownloads.Add(-1);
        }
    }
}
