using System.ComponentModel.DataAnnotations;

namespace ModelHub.ScanService.Scans;

/// <summary>Section <c>Scan</c>: how the ScanService checks the store.</summary>
public sealed class ScanSettings
{
    public const string Section = "Scan";

    /// <summary>Blobs hashed at the same time by a verify (and an import).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>A blob younger than this is never an orphan: its download may be about to record it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A partial download in <c>temp/</c> untouched for this long is deleted by a reconcile.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan StaleTempAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The store's maximum size in bytes for enforce-quota; none when unset.</summary>
    [Range(0, long.MaxValue)]
    public long? QuotaBytes { get; set; }

    /// <summary>Folders an import may read from (and below). Empty: any folder the service can read.</summary>
    public List<string> ImportRoots { get; set; } = [];

    /// <summary>How long a scan waits for a blob's lock (held by a download of the same bytes) before leaving that blob alone.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
