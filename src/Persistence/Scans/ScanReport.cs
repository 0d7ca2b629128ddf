namespace ModelHub.Persistence.Scans;

/// <summary>
/// The last finished scan of one mode (table <c>scan_report</c>): what it found on disk, which the
/// storage report shows without walking the store again.
/// </summary>
public sealed class ScanReport
{
    /// <summary><c>verify</c>, <c>reconcile</c>, <c>import</c>, <c>enforce-quota</c> or <c>cache-view</c>.</summary>
    public required string Mode { get; init; }

    public Guid JobId { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>The <c>StorageScanned</c> event as JSON.</summary>
    public required string Report { get; set; }
}
