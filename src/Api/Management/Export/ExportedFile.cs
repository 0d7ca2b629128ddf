namespace ModelHub.Api.Management.Export;

/// <summary>A file of an exported snapshot: its path in the repository, its blob's name in the cache, and the store's blob that holds its bytes.</summary>
internal sealed record ExportedFile(string Path, string BlobName, string StoredBlob);
