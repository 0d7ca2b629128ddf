namespace ModelHub.Ingest;

/// <summary>One artifact's bytes, wanted in the store.</summary>
/// <param name="ArtifactId">The artifact whose bytes to store (its size and hashes are what the sync recorded).</param>
/// <param name="LockWait">How long to wait for another process fetching the same bytes.</param>
public sealed record IngestRequest(Guid ArtifactId, TimeSpan LockWait)
{
    /// <summary>The job that asked; empty for a pull-through (no job).</summary>
    public Guid JobId { get; init; }

    /// <summary>Fetch in one stream, writing the file front to back, so readers can follow it as it grows.</summary>
    public bool InOrder { get; init; }
}
