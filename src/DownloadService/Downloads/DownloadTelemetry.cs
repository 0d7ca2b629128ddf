using System.Diagnostics.Metrics;
using ModelHub.ServiceDefaults.Telemetry;

namespace ModelHub.DownloadService.Downloads;

internal static class DownloadTelemetry
{
    public const string ActiveDownloadsName = "modelhub.downloads.active";

    public static UpDownCounter<long> ActiveDownloads { get; } = ModelHubTelemetry.Meter.CreateUpDownCounter<long>(
        ActiveDownloadsName, "{download}", "Download jobs and snapshot batches this instance is running now.");
}
