namespace ModelHub.Storage;

/// <summary>A blob in the store.</summary>
/// <param name="RelativePath">Relative to the store root: <c>blobs/sha256/&lt;hash&gt;</c>.</param>
/// <param name="Deduplicated">The bytes were already stored: nothing new was written.</param>
public sealed record StoredBlob(string Sha256, long Size, string RelativePath, bool Deduplicated);
