namespace ModelHub.ScanService.Import;

/// <summary>A file of a cached snapshot and the blob that holds its bytes.</summary>
/// <param name="BlobName">The cache's name for the bytes (its ETag: a SHA-256 or git blob SHA-1), or null for a real file in a no-symlink cache.</param>
internal sealed record SnapshotFile(string Commit, string Path, string Source, string? BlobName, long Size);
