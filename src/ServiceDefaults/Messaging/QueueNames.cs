namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>The queues commands are sent to: part of the wire contract between the services.</summary>
public static class QueueNames
{
    public const string JobLifecycle = "job-lifecycle";
    public const string SyncRepository = "sync-repository";
    public const string DownloadArtifact = "download-artifact";
    public const string ScanStorage = "scan-storage";
    public const string DownloadSnapshot = "download-snapshot";

    /// <summary>A snapshot's batches of files, which every DownloadService instance takes from.</summary>
    public const string DownloadSnapshotBatch = "download-snapshot-batch";

    public static Uri Address(string queue) => new($"queue:{queue}");
}
