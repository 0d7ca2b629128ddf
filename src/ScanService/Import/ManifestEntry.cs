namespace ModelHub.ScanService.Import;

/// <summary>What <c>trees/&lt;commit&gt;.json</c> says of a file.</summary>
internal sealed record ManifestEntry(long Size, string? BlobId, string? LfsSha256);
