namespace ModelHub.Contracts.Scans;

/// <summary>
/// A storage scan finished. Counts that a mode does not touch stay zero; <see cref="Problems"/>
/// names the first files that needed attention, for people.
/// </summary>
public sealed record StorageScanned
{
    public required Guid JobId { get; init; }

    /// <summary><c>verify</c>, <c>reconcile</c>, <c>import</c>, <c>enforce-quota</c> or <c>cache-view</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>What was done, in a line.</summary>
    public required string Summary { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>Blobs re-hashed (verify) or looked at (reconcile, import).</summary>
    public int BlobsChecked { get; init; }

    public long BytesChecked { get; init; }

    /// <summary>Hashing throughput of a verify, bytes per second.</summary>
    public double BytesPerSecond { get; init; }

    /// <summary>Blobs whose bytes no longer match their name: moved to <c>quarantine/</c>.</summary>
    public int CorruptBlobs { get; init; }

    /// <summary>Download jobs submitted to fetch quarantined or missing blobs again.</summary>
    public int RepairJobs { get; init; }

    /// <summary>Completed artifacts whose blob was not on disk: now <c>missing</c>.</summary>
    public int MissingBlobs { get; init; }

    /// <summary>Artifacts marked missing or corrupt whose verified blob is back in the store: completed again.</summary>
    public int ArtifactsRestored { get; init; }

    /// <summary>Blobs no artifact refers to.</summary>
    public int OrphanBlobs { get; init; }

    public long OrphanBytes { get; init; }

    /// <summary>Orphans deleted (only when the scan was asked to).</summary>
    public int OrphansDeleted { get; init; }

    /// <summary>Partial downloads in <c>temp/</c> still in progress or resumable.</summary>
    public int IncompleteFiles { get; init; }

    public long IncompleteBytes { get; init; }

    /// <summary>Stale partial files deleted from <c>temp/</c>.</summary>
    public int TempFilesDeleted { get; init; }

    public int RepositoriesImported { get; init; }

    public int FilesImported { get; init; }

    /// <summary>Files an import left out: incomplete, corrupt, unreadable or unsafe.</summary>
    public int FilesSkipped { get; init; }

    public int BlobsEvicted { get; init; }

    public long BytesEvicted { get; init; }

    /// <summary>The bytes in <c>blobs/</c> when the scan ended.</summary>
    public long StoreBytes { get; init; }

    /// <summary>The quota an enforce-quota scan worked to, in bytes.</summary>
    public long? QuotaBytes { get; init; }

    /// <summary>Files a cache-view rebuild added to the view (missing or wrong before it).</summary>
    public int ViewFilesAdded { get; init; }

    /// <summary>Entries a cache-view rebuild took out of the view: links, blobs and refs nothing stored stands for, leftovers.</summary>
    public int ViewEntriesRemoved { get; init; }

    /// <summary>The first problems found (at most 100), e.g. "corrupt: blobs/sha256/ab… (2 artifacts)".</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The repositories whose artifact records the scan changed (caches of them are stale).</summary>
    public IReadOnlyList<Guid> RepositoryIds { get; init; } = [];
}
