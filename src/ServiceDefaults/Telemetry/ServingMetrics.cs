using System.Diagnostics.Metrics;

namespace ModelHub.ServiceDefaults.Telemetry;

/// <summary>
/// What the serving endpoints sent: they call <see cref="RecordBytesServed"/> once per response
/// with the bytes of the file (or of the range) they sent. Zero-copy sends give no stream to count
/// on, so the endpoint, which knows the length, says it.
/// </summary>
public static class ServingMetrics
{
    public const string BytesServedName = "modelhub.served.bytes";

    private static readonly Counter<long> BytesServed = ModelHubTelemetry.Meter.CreateCounter<long>(
        BytesServedName, "By", "Bytes of stored files sent to clients, whole files and ranges.");

    /// <param name="bytes">The body's length: the file's size, or the range's.</param>
    /// <param name="range">True for a <c>206 Partial Content</c> answer.</param>
    /// <param name="repoType">The <c>modelhub.repo_type</c> tag of the file's repository (<c>RepoTypeTelemetry.Tag</c>).</param>
    public static void RecordBytesServed(long bytes, bool range, KeyValuePair<string, object?> repoType)
    {
        if (bytes > 0)
        {
            BytesServed.Add(bytes, new KeyValuePair<string, object?>("modelhub.range", range), repoType);
        }
    }
}
