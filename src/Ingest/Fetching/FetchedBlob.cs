using ModelHub.Storage;

namespace ModelHub.Ingest.Fetching;

/// <summary>A file fetched into the store, verified, and where its bytes came from.</summary>
public sealed record FetchedBlob(StoredBlob Blob, SourceReport Sources);
