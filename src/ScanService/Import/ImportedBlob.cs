namespace ModelHub.ScanService.Import;

/// <summary>Bytes of a cache now in the store, and what the records say of them.</summary>
internal sealed record ImportedBlob(string Sha256, long Size, string RelativePath, string? LfsSha256, string? GitBlobOid);
