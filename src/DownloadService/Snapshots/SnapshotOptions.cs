using System.ComponentModel.DataAnnotations;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>Section <c>Snapshots</c>: how a snapshot job splits its files into batches and runs them.</summary>
public sealed class SnapshotOptions
{
    public const string Section = "Snapshots";

    /// <summary>Small files per batch (a file of <c>Downloads:ParallelThresholdBytes</c> or more is a batch of its own).</summary>
    [Range(1, 10_000)]
    public int BatchFiles { get; set; } = 256;

    /// <summary>Batches of one snapshot sent and not yet answered: enough to keep every DownloadService instance busy.</summary>
    [Range(1, 256)]
    public int BatchesInFlight { get; set; } = 8;

    /// <summary>Batches one instance runs at the same time.</summary>
    [Range(1, 64)]
    public int ConcurrentBatches { get; set; } = 2;

    /// <summary>Files of one batch fetched at the same time.</summary>
    [Range(1, 64)]
    public int FileConcurrency { get; set; } = 16;

    /// <summary>Tries per file when its connection drops or its body stalls (a wrong byte is fetched afresh from the other upstreams first).</summary>
    [Range(1, 10)]
    public int FileAttempts { get; set; } = 3;

    /// <summary>How long a batch may take, waiting in the queue included, before its files count as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromHours(6);
}
