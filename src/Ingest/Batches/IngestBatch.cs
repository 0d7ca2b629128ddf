namespace ModelHub.Ingest.Batches;

/// <summary>Many artifacts' bytes wanted in the store for one job (a snapshot's batch).</summary>
/// <param name="LockWait">How long each file waits for another process fetching the same bytes.</param>
/// <param name="Concurrency">Files fetched at the same time.</param>
/// <param name="Attempts">Tries per file when the connection drops, the body stalls or the bytes break their promise.</param>
public sealed record IngestBatch(Guid JobId, IReadOnlyList<Guid> ArtifactIds, TimeSpan LockWait, int Concurrency, int Attempts);
