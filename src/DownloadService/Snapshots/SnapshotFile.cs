namespace ModelHub.DownloadService.Snapshots;

/// <summary>One file a snapshot selected, as much as planning needs of it.</summary>
internal sealed record SnapshotFile(Guid ArtifactId, string Path, long Size, bool Stored);
