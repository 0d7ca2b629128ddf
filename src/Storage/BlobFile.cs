namespace ModelHub.Storage;

/// <summary>A blob on disk, as a scan sees it.</summary>
public sealed record BlobFile(string Sha256, long Size, DateTimeOffset WrittenAt);
