using System.Diagnostics.Metrics;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Upstream;

/// <summary>The upstream's part of ModelHub's metrics: the file bytes it sent us.</summary>
public static class UpstreamTelemetry
{
    public const string Name = "ModelHub";
    public const string BytesDownloadedName = "modelhub.upstream.bytes";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> BytesDownloaded = Meter.CreateCounter<long>(
        BytesDownloadedName, "By", "File bytes received from the upstream (downloads and the files a sync fetches).");

    internal static void RecordBytesDownloaded(int bytes, RepoType type)
    {
        if (bytes > 0)
        {
            BytesDownloaded.Add(bytes, RepoTypeTelemetry.Tag(type));
        }
    }
}
