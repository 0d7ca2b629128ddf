namespace ModelHub.Contracts.Snapshots;

/// <summary>
/// Request to any DownloadService instance: store these files of a snapshot job's attempt (many small files, or
/// one large one). Answered with <see cref="SnapshotBatchDownloaded"/>.
/// </summary>
public sealed record DownloadSnapshotBatch(Guid JobId, int Attempt, IReadOnlyList<Guid> ArtifactIds);
